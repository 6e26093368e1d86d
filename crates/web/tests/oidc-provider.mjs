// A real OpenID Connect provider (node-oidc-provider) for the end-to-end test of
// crates/web/tests/it/oidc.rs. Usage:
//
//   node oidc-provider.mjs PATH_TO_OIDC_PROVIDER_INDEX_JS REDIRECT_URI
//
// Listens on a free loopback port and prints its issuer URL as the first line of stdout.
// One confidential client ("referat", secret "hemmelig-klient") may use REDIRECT_URI. The
// accounts below sign in without a form: the interaction endpoint logs in the account named
// by the authorization request's login_hint and the grant of the first-party client is
// given at once (loadExistingGrant), so a plain HTTP client following redirects gets back
// to REDIRECT_URI with a code. Claims requested by scope go into the ID token
// (conformIdTokenClaims: false), as Entra ID puts `groups` there.

import http from 'node:http';
import { pathToFileURL } from 'node:url';

const [modulePath, redirectUri] = process.argv.slice(2);
if (!modulePath || !redirectUri) {
  console.error('usage: node oidc-provider.mjs PATH_TO_OIDC_PROVIDER REDIRECT_URI');
  process.exit(2);
}
const { default: Provider } = await import(pathToFileURL(modulePath).href);

const accounts = {
  sekr: { email: 'Sekr@Greve.dk', groups: ['alle-ansatte', 'referat-sekretaer'] },
  laeser: { email: 'laeser@greve.dk', groups: 'alle-ansatte' },
  udenfor: { email: 'udenfor@greve.dk', groups: ['kantineudvalget'] },
  lokal: { email: 'lokal@greve.dk', groups: ['referat-sekretaer'] },
};

let provider;
const server = http.createServer(async (req, res) => {
  try {
    if (req.url.startsWith('/interaction/')) {
      const details = await provider.interactionDetails(req, res);
      const accountId = details.params.login_hint || 'sekr';
      if (!accounts[accountId]) {
        res.statusCode = 400;
        res.end(`unknown account ${accountId}`);
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId } }, {
        mergeWithLastSubmission: false,
      });
      return;
    }
    provider.callback()(req, res);
  } catch (err) {
    res.statusCode = 500;
    res.end(String(err));
  }
});

server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  provider = new Provider(issuer, {
    clients: [{
      client_id: 'referat',
      client_secret: 'hemmelig-klient',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    }],
    claims: {
      openid: ['sub', 'groups'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    conformIdTokenClaims: false,
    cookies: { keys: ['kun-til-test-af-referat'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    async findAccount(ctx, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: account.email, email_verified: true, name: id, groups: account.groups };
        },
      };
    },
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  provider.proxy = false;
  console.log(issuer);
});
