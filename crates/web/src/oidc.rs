//! Sign-in with OpenID Connect (Microsoft Entra ID, AD FS, any provider with discovery):
//! `GET /log-ind/oidc` sends the browser to the provider (authorization code flow with
//! PKCE, state and nonce), `GET /log-ind/oidc/retur` takes it back, exchanges the code,
//! checks the ID token (issuer, audience, expiry, nonce, signature by the provider's JWKS)
//! and maps the token's groups claim to a role. The account is created or updated under the
//! token's `email`, without a password, and signed in exactly as a local sign-in is
//! ([`crate::auth::begin_session`]).
//!
//! State, nonce and PKCE verifier wait in a short-lived HttpOnly cookie scoped to these two
//! paths; the state the provider sends back must equal the cookie's (double submit, as the
//! CSRF token of the local sign-in form). The provider's metadata and keys are fetched at
//! the first sign-in and again after [`METADATA_SECONDS`], so `serve` starts while the
//! provider is down.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::State;

use crate::input::Query;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use maud::{Markup, html};
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreProviderMetadata, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AsyncHttpClient, AuthorizationCode, Client, ClientId, ClientSecret,
    CsrfToken, EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenFields,
    IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
    StandardErrorResponse, StandardTokenResponse, TokenResponse, http,
};
use serde::{Deserialize, Serialize};

use crate::access::Role;
use crate::auth::{self, ClientAddr, Signed};
use crate::render::page;
use crate::{AppError, AppState, blocking};

/// The path the provider sends the browser back to, after the public origin.
pub const RETURN_PATH: &str = "/log-ind/oidc/retur";

/// The cookie that keeps state, nonce and PKCE verifier while the browser is away.
const FLOW_COOKIE: &str = "referat_oidc";

/// How long a browser may stay at the provider.
const FLOW_SECONDS: i64 = 10 * 60;

/// How long the provider's metadata and keys are used before they are fetched again.
const METADATA_SECONDS: u64 = 60 * 60;

/// How long one request to the provider may take.
const PROVIDER_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest answer read from the provider.
const MAX_PROVIDER_BYTES: usize = 1024 * 1024;

/// How `referat serve` was told to sign in with OpenID Connect.
#[derive(Debug, Clone)]
pub struct OidcConfig {
    /// The issuer URL; discovery is `<issuer>/.well-known/openid-configuration`.
    pub issuer: String,
    pub client_id: String,
    /// `None` for a public client (PKCE only).
    pub client_secret: Option<String>,
    /// The ID token claim that holds the account's groups (`groups`, or `roles` for
    /// Entra ID app roles).
    pub groups_claim: String,
    /// Group to role, in order: the first whose group the account is in decides.
    pub roles: Vec<RoleMapping>,
    /// The provider's name on the sign-in page ("Log ind med …").
    pub name: String,
}

/// `GROUP=ROLLE[@ORGANISATION]`: members of GROUP get ROLLE (in ORGANISATION only, when
/// given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleMapping {
    pub group: String,
    pub role: Role,
    pub organisation: Option<String>,
}

impl FromStr for RoleMapping {
    type Err = String;

    fn from_str(raw: &str) -> Result<RoleMapping, String> {
        let wrong = || {
            "skriv GRUPPE=ROLLE eller GRUPPE=ROLLE@ORGANISATION, fx referat-sekretaer=sekretær"
                .to_owned()
        };
        let (group, rest) = raw.split_once('=').ok_or_else(wrong)?;
        let (role, organisation) = match rest.split_once('@') {
            Some((role, organisation)) => (role, Some(organisation.trim())),
            None => (rest, None),
        };
        let group = group.trim();
        if group.is_empty() || organisation.is_some_and(str::is_empty) {
            return Err(wrong());
        }
        let role = Role::parse(role).ok_or_else(|| {
            format!(
                "ukendt rolle {:?}; brug administrator, sekretær, medlem eller læser",
                role.trim()
            )
        })?;
        Ok(RoleMapping {
            group: group.to_owned(),
            role,
            organisation: organisation.map(str::to_owned),
        })
    }
}

impl OidcConfig {
    /// The mapping that decides the role of an account in `groups`.
    fn role_for(&self, groups: &[String]) -> Option<&RoleMapping> {
        self.roles
            .iter()
            .find(|mapping| groups.contains(&mapping.group))
    }
}

/// The claims of the ID token beyond the standard ones; the groups claim is among them
/// under a name that is configured, so all are kept.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
struct OtherClaims(HashMap<String, serde_json::Value>);

impl AdditionalClaims for OtherClaims {}

impl OtherClaims {
    /// The groups in claim `name`: a list of strings, or one string.
    fn groups(&self, name: &str) -> Vec<String> {
        match self.0.get(name) {
            Some(serde_json::Value::Array(values)) => values
                .iter()
                .filter_map(|value| value.as_str().map(str::to_owned))
                .collect(),
            Some(serde_json::Value::String(value)) => vec![value.clone()],
            _ => Vec::new(),
        }
    }
}

type OidcTokenResponse = StandardTokenResponse<
    IdTokenFields<
        OtherClaims,
        EmptyExtraTokenFields,
        CoreGenderClaim,
        CoreJweContentEncryptionAlgorithm,
        CoreJwsSigningAlgorithm,
    >,
    CoreTokenType,
>;

/// A client made from discovery: authorization endpoint set, token endpoint maybe.
type OidcClient = Client<
    OtherClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    OidcTokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// A failed request to the provider.
#[derive(Debug)]
pub struct ProviderError(String);

impl fmt::Display for ProviderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProviderError {}

/// The HTTP client for the provider: https (the system's root certificates) and http,
/// no redirects followed (as the `openidconnect` crate asks, against SSRF).
#[derive(Clone)]
struct Http(HyperClient<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>);

impl Http {
    fn new() -> Result<Http, String> {
        let builder = hyper_rustls::HttpsConnectorBuilder::new()
            .with_native_roots()
            .map_err(|err| format!("kan ikke læse systemets rodcertifikater: {err}"))?;
        let connector = builder.https_or_http().enable_http1().build();
        Ok(Http(
            HyperClient::builder(TokioExecutor::new())
                // Sign-ins are rare: a connection the provider may have closed meanwhile
                // is not worth keeping.
                .pool_max_idle_per_host(0)
                .build(connector),
        ))
    }

    async fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, ProviderError> {
        let (parts, body) = request.into_parts();
        let request = http::Request::from_parts(parts, Full::new(Bytes::from(body)));
        let uri = request.uri().clone();
        let failed = |what: &dyn fmt::Display| ProviderError(format!("{uri}: {what}"));
        let response = tokio::time::timeout(PROVIDER_TIMEOUT, self.0.request(request))
            .await
            .map_err(|_| failed(&"intet svar i tide"))?
            .map_err(|err| failed(&error_chain(&err)))?;
        let (parts, body) = response.into_parts();
        let body = tokio::time::timeout(
            PROVIDER_TIMEOUT,
            Limited::new(body, MAX_PROVIDER_BYTES).collect(),
        )
        .await
        .map_err(|_| failed(&"svaret kom ikke i tide"))?
        .map_err(|err| failed(&err))?
        .to_bytes();
        Ok(http::Response::from_parts(parts, body.to_vec()))
    }
}

impl<'c> AsyncHttpClient<'c> for Http {
    type Error = ProviderError;
    type Future =
        Pin<Box<dyn Future<Output = Result<http::Response<Vec<u8>>, ProviderError>> + Send + 'c>>;

    fn call(&'c self, request: http::Request<Vec<u8>>) -> Self::Future {
        Box::pin(self.send(request))
    }
}

/// OpenID Connect as configured, with the provider's metadata once fetched.
pub struct Oidc {
    config: OidcConfig,
    http: Http,
    metadata: tokio::sync::Mutex<Option<(Instant, CoreProviderMetadata)>>,
}

impl fmt::Debug for Oidc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Oidc")
            .field("issuer", &self.config.issuer)
            .finish_non_exhaustive()
    }
}

impl Oidc {
    /// Checks the configuration; nothing is fetched yet.
    pub fn new(config: OidcConfig) -> Result<Oidc, String> {
        IssuerUrl::new(config.issuer.clone())
            .map_err(|err| format!("--oidc-issuer {:?}: {err}", config.issuer))?;
        if config.client_id.trim().is_empty() {
            return Err("--oidc-client-id mangler".into());
        }
        if config.roles.is_empty() {
            return Err(
                "angiv mindst én --oidc-role GRUPPE=ROLLE; uden den kan ingen logge ind".into(),
            );
        }
        let http = Http::new()?;
        Ok(Oidc {
            config,
            http,
            metadata: tokio::sync::Mutex::new(None),
        })
    }

    /// The provider's name on the sign-in page.
    pub(crate) fn name(&self) -> &str {
        &self.config.name
    }

    /// The provider's metadata and keys, fetched when missing or old.
    async fn metadata(&self) -> Result<CoreProviderMetadata, String> {
        let mut cached = self.metadata.lock().await;
        if let Some((at, metadata)) = cached.as_ref()
            && at.elapsed() < Duration::from_secs(METADATA_SECONDS)
        {
            return Ok(metadata.clone());
        }
        let issuer = IssuerUrl::new(self.config.issuer.clone()).map_err(|err| err.to_string())?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|err| {
                format!(
                    "discovery hos {}: {}",
                    self.config.issuer,
                    error_chain(&err)
                )
            })?;
        *cached = Some((Instant::now(), metadata.clone()));
        Ok(metadata)
    }

    /// A client for this installation, sent back to `origin` + [`RETURN_PATH`].
    async fn client(&self, origin: &str) -> Result<OidcClient, String> {
        let metadata = self.metadata().await?;
        let redirect = RedirectUrl::new(format!("{origin}{RETURN_PATH}"))
            .map_err(|err| format!("retur-adressen: {err}"))?;
        Ok(OidcClient::from_provider_metadata(
            metadata,
            ClientId::new(self.config.client_id.clone()),
            self.config.client_secret.clone().map(ClientSecret::new),
        )
        .set_redirect_uri(redirect))
    }
}

/// An error with its causes, for the operator's eyes.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The link on the sign-in page, when OpenID Connect is configured.
pub(crate) fn offer(state: &AppState, next: &str) -> Markup {
    let Some(oidc) = &state.oidc else {
        return html! {};
    };
    let href = if next == "/" {
        "/log-ind/oidc".to_owned()
    } else {
        format!(
            "/log-ind/oidc?{}",
            serde_urlencoded::to_string([("naeste", next)]).unwrap_or_default()
        )
    };
    html! {
        p class="sign-in-external" {
            a href=(href) { "Log ind med " (oidc.name()) }
        }
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct StartQuery {
    #[serde(default)]
    naeste: Option<String>,
}

fn configured(state: &AppState) -> Result<Arc<Oidc>, AppError> {
    state
        .oidc
        .clone()
        .ok_or_else(|| AppError::NotFound("log ind med OpenID Connect er ikke sat op her".into()))
}

/// The flow cookie's value: state, nonce, PKCE verifier and the path to go on to (hex).
struct Flow {
    state: String,
    nonce: String,
    verifier: String,
    next: String,
}

impl Flow {
    fn to_cookie(&self) -> String {
        let next: String = self
            .next
            .bytes()
            .map(|byte| format!("{byte:02x}"))
            .collect();
        format!("{}.{}.{}.{next}", self.state, self.nonce, self.verifier)
    }

    fn from_cookie(value: &str) -> Option<Flow> {
        let mut parts = value.split('.');
        let (state, nonce, verifier, next) =
            (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || next.len() % 2 != 0 {
            return None;
        }
        let next = (0..next.len())
            .step_by(2)
            .map(|at| u8::from_str_radix(next.get(at..at + 2)?, 16).ok())
            .collect::<Option<Vec<u8>>>()?;
        Some(Flow {
            state: state.to_owned(),
            nonce: nonce.to_owned(),
            verifier: verifier.to_owned(),
            next: String::from_utf8(next).ok()?,
        })
    }
}

/// `GET /log-ind/oidc`: to the provider.
pub(crate) async fn start(
    State(state): State<AppState>,
    Query(query): Query<StartQuery>,
    client_addr: Option<axum::Extension<ClientAddr>>,
) -> Result<Response, AppError> {
    let oidc = configured(&state)?;
    let client = match oidc.client(state.origin()).await {
        Ok(client) => client,
        Err(detail) => {
            let client_addr = client_addr.map(|axum::Extension(client)| client);
            return provider_down(&state, client_addr, state.now(), detail).await;
        }
    };
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let flow = Flow {
        state: auth::secret()?,
        nonce: auth::secret()?,
        verifier: verifier.secret().clone(),
        next: auth::safe_next(query.naeste.as_deref()),
    };
    let (csrf, nonce) = (flow.state.clone(), flow.nonce.clone());
    let (url, _, _) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            move || CsrfToken::new(csrf),
            move || Nonce::new(nonce),
        )
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .url();
    let cookie = auth::set_cookie(&state, FLOW_COOKIE, &flow.to_cookie(), FLOW_SECONDS);
    Ok(auth::with_cookies(
        Redirect::to(url.as_str()).into_response(),
        [cookie],
    ))
}

#[derive(Debug, Deserialize)]
pub(crate) struct ReturnQuery {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    error_description: Option<String>,
}

/// A sign-in that did not happen: a Danish page, the flow cookie removed.
fn refused(state: &AppState, status: StatusCode, message: &str) -> Response {
    let body = page(
        "Log ind",
        html! {
            h1 { "Du blev ikke logget ind" }
            p class="error" role="alert" { (message) }
            p { a href="/log-ind" { "Tilbage til log ind" } }
        },
    );
    let cookie = auth::set_cookie(state, FLOW_COOKIE, "", 0);
    auth::with_cookies((status, body).into_response(), [cookie])
}

/// Keeps a refused sign-in in the audit log.
async fn audit_refusal(
    state: &AppState,
    client: Option<ClientAddr>,
    now: i64,
    target: Option<String>,
    detail: String,
) -> Result<(), AppError> {
    let actor = auth::actor(None, client.as_ref(), now);
    blocking(state, move |store| {
        Ok(store.audit(
            "sign_in_refused",
            target.as_deref(),
            Some(&format!("OpenID Connect: {detail}")),
            &actor,
        )?)
    })
    .await
}

/// The provider could not be reached or answered out of turn: what went wrong goes to the
/// audit log (it may name hosts), the reader gets a page in Danish.
async fn provider_down(
    state: &AppState,
    client: Option<ClientAddr>,
    now: i64,
    detail: String,
) -> Result<Response, AppError> {
    audit_refusal(state, client, now, None, format!("udbyderen: {detail}")).await?;
    Ok(refused(
        state,
        StatusCode::BAD_GATEWAY,
        "Log-ind-udbyderen svarer ikke som ventet lige nu. Prøv igen om lidt, eller log ind \
         med e-mail og adgangskode, hvis du har en.",
    ))
}

/// `GET /log-ind/oidc/retur`: back from the provider.
pub(crate) async fn finish(
    State(state): State<AppState>,
    Query(query): Query<ReturnQuery>,
    client: Option<axum::Extension<ClientAddr>>,
    axum::Extension(signed): axum::Extension<Signed>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let oidc = configured(&state)?;
    let now = state.now();
    let client_addr = client.map(|axum::Extension(client)| client);
    let audit_refusal = |target: Option<String>, detail: String| {
        audit_refusal(&state, client_addr, now, target, detail)
    };
    let flow = auth::cookie(&headers, FLOW_COOKIE).and_then(|value| Flow::from_cookie(&value));
    let state_matches = matches!(
        (&flow, &query.state),
        (Some(flow), Some(given)) if auth::same_secret(&flow.state, given)
    );
    let Some(flow) = flow.filter(|_| state_matches) else {
        audit_refusal(None, "ukendt eller udløbet state".into()).await?;
        return Ok(refused(
            &state,
            StatusCode::BAD_REQUEST,
            "Svaret fra log-ind-udbyderen passer ikke til et log-ind fra denne browser, \
             eller det er for gammelt. Prøv at logge ind igen.",
        ));
    };
    if let Some(error) = &query.error {
        let detail = match &query.error_description {
            Some(description) => format!("{error}: {description}"),
            None => error.clone(),
        };
        audit_refusal(None, format!("udbyderen afviste: {detail}")).await?;
        return Ok(refused(
            &state,
            StatusCode::FORBIDDEN,
            &format!("Log-ind-udbyderen afviste at logge dig ind ({detail})."),
        ));
    }
    let code = query
        .code
        .filter(|code| !code.is_empty())
        .ok_or_else(|| AppError::BadRequest("svaret fra log-ind-udbyderen mangler code".into()))?;
    let oidc_client = match oidc.client(state.origin()).await {
        Ok(client) => client,
        Err(detail) => return provider_down(&state, client_addr, now, detail).await,
    };
    let exchange = match oidc_client.exchange_code(AuthorizationCode::new(code)) {
        Ok(request) => request,
        Err(err) => {
            let detail = format!("ingen token-adresse: {}", error_chain(&err));
            return provider_down(&state, client_addr, now, detail).await;
        }
    };
    let tokens = match exchange
        .set_pkce_verifier(PkceCodeVerifier::new(flow.verifier.clone()))
        .request_async(&oidc.http)
        .await
    {
        Ok(tokens) => tokens,
        Err(err) => {
            let detail = format!("koden kunne ikke veksles: {}", error_chain(&err));
            return provider_down(&state, client_addr, now, detail).await;
        }
    };
    let Some(id_token) = tokens.id_token() else {
        let detail = "intet ID-token i svaret".to_owned();
        return provider_down(&state, client_addr, now, detail).await;
    };
    let claims = match id_token.claims(&oidc_client.id_token_verifier(), &Nonce::new(flow.nonce)) {
        Ok(claims) => claims,
        Err(err) => {
            let detail = format!("ID-tokenet blev afvist: {}", error_chain(&err));
            audit_refusal(None, detail).await?;
            return Ok(refused(
                &state,
                StatusCode::FORBIDDEN,
                "Log-ind-udbyderens svar kunne ikke bekræftes. Prøv igen, og kontakt \
                 din administrator, hvis det sker igen.",
            ));
        }
    };
    let Some(email) = claims
        .email()
        .map(|email| store::normalise_email(email))
        .filter(|email| !email.is_empty())
    else {
        audit_refusal(
            Some(claims.subject().to_string()),
            "ingen email i ID-tokenet".into(),
        )
        .await?;
        return Ok(refused(
            &state,
            StatusCode::FORBIDDEN,
            "Log-ind-udbyderen oplyste ingen e-mailadresse for din konto. Kontakt din \
             administrator.",
        ));
    };
    let groups = claims.additional_claims().groups(&oidc.config.groups_claim);
    let Some(mapping) = oidc.config.role_for(&groups).cloned() else {
        let detail = format!(
            "ingen rolle til grupperne [{}] i kravet {}",
            groups.join(", "),
            oidc.config.groups_claim
        );
        audit_refusal(Some(email), detail).await?;
        return Ok(refused(
            &state,
            StatusCode::FORBIDDEN,
            "Din konto er ikke medlem af en gruppe, der giver adgang til referat. Bed din \
             administrator om at give dig adgang.",
        ));
    };
    let actor = auth::actor(Some(email.clone()), client_addr.as_ref(), now);
    let issuer = oidc.config.issuer.clone();
    let account = email.clone();
    let taken = blocking(&state, move |store| {
        let role = mapping.role.name();
        let organisation = mapping.organisation.as_deref();
        match store.credentials(&account)? {
            // A local account with a password is not taken over by a provider that names
            // the same address.
            Some((_, Some(_))) => return Ok(true),
            Some((user, None)) => {
                if user.role != role || user.organisation.as_deref() != organisation {
                    store.set_role(&account, role, organisation, &actor)?;
                }
            }
            None => {
                store.add_user(&account, role, organisation, None, &actor)?;
                store.audit(
                    "external_account",
                    Some(&account),
                    Some(&format!("OpenID Connect {issuer}")),
                    &actor,
                )?;
            }
        }
        Ok(false)
    })
    .await?;
    if taken {
        audit_refusal(
            Some(email),
            "kontoen er en lokal konto med adgangskode".into(),
        )
        .await?;
        return Ok(refused(
            &state,
            StatusCode::FORBIDDEN,
            "Der findes allerede en lokal konto med din e-mailadresse. Log ind med dens \
             adgangskode, eller bed en administrator om at fjerne den.",
        ));
    }
    let actor = auth::actor(Some(email.clone()), client_addr.as_ref(), now);
    let session = auth::begin_session(&state, &email, signed.session, actor).await?;
    let clear = auth::set_cookie(&state, FLOW_COOKIE, "", 0);
    Ok(auth::with_cookies(
        Redirect::to(&flow.next).into_response(),
        [session, clear],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_mappings_are_read_with_danish_errors() {
        assert_eq!(
            "referat-sekretaer=sekretær".parse::<RoleMapping>(),
            Ok(RoleMapping {
                group: "referat-sekretaer".into(),
                role: Role::Secretary,
                organisation: None,
            })
        );
        assert_eq!(
            "3f1c0c6e-guid=medlem@Greve".parse::<RoleMapping>(),
            Ok(RoleMapping {
                group: "3f1c0c6e-guid".into(),
                role: Role::Member,
                organisation: Some("Greve".into()),
            })
        );
        let err = "gruppe".parse::<RoleMapping>().unwrap_err();
        assert!(err.contains("GRUPPE=ROLLE"), "{err}");
        let err = "gruppe=konge".parse::<RoleMapping>().unwrap_err();
        assert!(err.contains("ukendt rolle"), "{err}");
        assert!("=læser".parse::<RoleMapping>().is_err());
        assert!("g=læser@".parse::<RoleMapping>().is_err());
    }

    #[test]
    fn the_flow_cookie_reads_back_and_refuses_garbage() {
        let flow = Flow {
            state: "s".into(),
            nonce: "n".into(),
            verifier: "v-_x".into(),
            next: "/opfoelgning?x=æ".into(),
        };
        let back = Flow::from_cookie(&flow.to_cookie()).unwrap();
        assert_eq!(
            (back.state, back.nonce, back.verifier, back.next),
            (
                "s".into(),
                "n".into(),
                "v-_x".into(),
                "/opfoelgning?x=æ".into()
            )
        );
        for garbage in ["", "a.b.c", "a.b.c.d.e", "a.b.c.zz", "a.b.c.abc"] {
            assert!(Flow::from_cookie(garbage).is_none(), "{garbage}");
        }
    }

    #[test]
    fn the_first_matching_group_decides() {
        let config = OidcConfig {
            issuer: "http://localhost".into(),
            client_id: "referat".into(),
            client_secret: None,
            groups_claim: "groups".into(),
            roles: vec![
                "adm=administrator".parse().unwrap(),
                "alle=læser".parse().unwrap(),
            ],
            name: "Test".into(),
        };
        let role = |groups: &[&str]| {
            let groups: Vec<String> = groups.iter().map(|g| (*g).to_owned()).collect();
            config.role_for(&groups).map(|mapping| mapping.role)
        };
        assert_eq!(role(&["alle", "adm"]), Some(Role::Administrator));
        assert_eq!(role(&["alle"]), Some(Role::Reader));
        assert_eq!(role(&["andre"]), None);
        let claims: OtherClaims =
            serde_json::from_str(r#"{"groups": ["a", 1, "b"], "roles": "x"}"#).unwrap();
        assert_eq!(claims.groups("groups"), ["a", "b"]);
        assert_eq!(claims.groups("roles"), ["x"]);
        assert!(claims.groups("mangler").is_empty());
    }
}
