//! Content streams: runs the text operators of a page (ISO 32000-1, 9.4) and its form
//! XObjects, tracking the graphics and text state, and hands out runs of glyphs with
//! their positions on the page. It does not decide lines, words or reading order; that is
//! `layout`'s job. Paths, colours, clipping and images are skipped, except that images
//! are counted so that a page of only images can be told from an empty one.
//!
//! A run is a sequence of glyphs drawn one after the other on one baseline with no gap
//! wider than a fraction of an em between them: a word, or several words when the
//! producer wrote the spaces as glyphs.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::fonts::{Font, deref};
use super::{Limits, PdfError};

/// Glyphs further apart than this (in ems of the font size) start a new run. Inside a
/// word, kerning moves glyphs by a few hundredths of an em; between words, producers
/// leave at least a fifth of an em.
pub(super) const WORD_GAP_EM: f64 = 0.12;

/// Form XObjects may draw other forms; deeper nesting than this is not real content.
const MAX_FORM_DEPTH: usize = 12;
/// `q` without `Q` is legal but a deeper stack than this is not real content.
const MAX_STATE_DEPTH: usize = 256;

/// Glyphs shown on one baseline, left to right, with no gap between them.
#[derive(Debug, Clone)]
pub(super) struct Run {
    pub(super) text: String,
    /// Left end of the first glyph and right end of the last, in page space.
    pub(super) x0: f64,
    pub(super) x1: f64,
    /// The baseline, in page space (y grows upwards).
    pub(super) y: f64,
    /// Font size in page space.
    pub(super) size: f64,
    /// Whether the text reads left to right, upright; rotated text is kept apart.
    pub(super) upright: bool,
}

/// What one page drew.
#[derive(Debug, Default)]
pub(super) struct PageContent {
    pub(super) runs: Vec<Run>,
    pub(super) n_images: usize,
    /// A content stream could not be parsed to its end; what came before is kept.
    pub(super) damaged: bool,
}

/// Fonts of the whole document, parsed once, keyed by the address of their dictionary in
/// the loaded document (which does not move while the document is borrowed).
#[derive(Default)]
pub(super) struct FontCache {
    fonts: HashMap<usize, Rc<Font>>,
}

/// Counts against the document's limits, shared by all pages.
pub(super) struct Budget {
    pub(super) content_bytes: usize,
    pub(super) operations: usize,
    pub(super) glyphs: usize,
}

impl Budget {
    pub(super) fn new(limits: &Limits) -> Budget {
        Budget {
            content_bytes: limits.max_content_bytes,
            operations: limits.max_operations,
            glyphs: limits.max_glyphs,
        }
    }
}

/// The dictionaries a content stream looks names up in, nearest first.
#[derive(Clone)]
struct Resources<'a> {
    dicts: Vec<&'a Dictionary>,
}

impl<'a> Resources<'a> {
    fn lookup(&self, doc: &'a Document, category: &[u8], name: &[u8]) -> Option<&'a Object> {
        self.dicts.iter().find_map(|resources| {
            let category = deref(doc, resources.get(category).ok()?)?.as_dict().ok()?;
            deref(doc, category.get(name).ok()?)
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Matrix([f64; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self × other`: first `self`, then `other` (PDF's row-vector convention).
    fn then(&self, other: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (x * a + y * c + e, x * b + y * d + f)
    }

    fn translate(tx: f64, ty: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    fn from_operands(operands: &[Object]) -> Option<Matrix> {
        if operands.len() < 6 {
            return None;
        }
        let mut m = [0.0; 6];
        for (slot, operand) in m.iter_mut().zip(operands) {
            *slot = number(operand)?;
        }
        Some(Matrix(m))
    }
}

fn number(object: &Object) -> Option<f64> {
    object
        .as_float()
        .ok()
        .map(f64::from)
        .filter(|v| v.is_finite())
}

#[derive(Clone)]
struct GraphicsState {
    ctm: Matrix,
    char_spacing: f64,
    word_spacing: f64,
    horizontal_scale: f64,
    leading: f64,
    font: Option<Rc<Font>>,
    font_size: f64,
    rise: f64,
}

impl Default for GraphicsState {
    fn default() -> Self {
        GraphicsState {
            ctm: Matrix::IDENTITY,
            char_spacing: 0.0,
            word_spacing: 0.0,
            horizontal_scale: 1.0,
            leading: 0.0,
            font: None,
            font_size: 0.0,
            rise: 0.0,
        }
    }
}

/// Runs the content of one page.
pub(super) fn page(
    doc: &Document,
    page_id: ObjectId,
    fonts: &mut FontCache,
    limits: &Limits,
    budget: &mut Budget,
) -> Result<PageContent, PdfError> {
    let data = doc
        .get_page_content_with_limit(page_id, limits.max_stream_bytes)
        .map_err(super::map_lopdf_error)?;
    let (inline, ids) = doc
        .get_page_resources(page_id)
        .unwrap_or((None, Vec::new()));
    let mut dicts: Vec<&Dictionary> = inline.into_iter().collect();
    dicts.extend(ids.iter().filter_map(|id| doc.get_dictionary(*id).ok()));
    let mut interpreter = Interpreter {
        doc,
        fonts,
        limits,
        budget,
        out: PageContent::default(),
        scratch: String::new(),
        forms_open: Vec::new(),
    };
    interpreter.run(&data, &Resources { dicts }, GraphicsState::default())?;
    Ok(interpreter.out)
}

struct Interpreter<'a, 'b> {
    doc: &'a Document,
    fonts: &'b mut FontCache,
    limits: &'b Limits,
    budget: &'b mut Budget,
    out: PageContent,
    scratch: String,
    /// Forms being drawn, innermost last, to refuse a form that draws itself.
    forms_open: Vec<ObjectId>,
}

impl<'a> Interpreter<'a, '_> {
    fn run(
        &mut self,
        data: &[u8],
        resources: &Resources<'a>,
        initial: GraphicsState,
    ) -> Result<(), PdfError> {
        self.budget.content_bytes = self
            .budget
            .content_bytes
            .checked_sub(data.len())
            .ok_or(PdfError::TooLarge("sidernes indhold er for stort".into()))?;
        let mut state = initial;
        let mut stack: Vec<GraphicsState> = Vec::new();
        let mut text_matrix = Matrix::IDENTITY;
        let mut line_matrix = Matrix::IDENTITY;
        for operation in Content::decode_iter(data) {
            let Ok(Operation { operator, operands }) = operation else {
                self.out.damaged = true;
                break;
            };
            self.budget.operations =
                self.budget
                    .operations
                    .checked_sub(1)
                    .ok_or(PdfError::TooLarge(
                        "siderne har for mange tegneoperationer".into(),
                    ))?;
            match operator.as_str() {
                "q" if stack.len() < MAX_STATE_DEPTH => stack.push(state.clone()),
                "Q" => {
                    if let Some(saved) = stack.pop() {
                        state = saved;
                    }
                }
                "cm" => {
                    if let Some(m) = Matrix::from_operands(&operands) {
                        state.ctm = m.then(&state.ctm);
                    }
                }
                "BT" => {
                    text_matrix = Matrix::IDENTITY;
                    line_matrix = Matrix::IDENTITY;
                }
                "Tc" => set(&operands, 0, &mut state.char_spacing),
                "Tw" => set(&operands, 0, &mut state.word_spacing),
                "Tz" => {
                    if let Some(scale) = operands.first().and_then(number) {
                        state.horizontal_scale = scale / 100.0;
                    }
                }
                "TL" => set(&operands, 0, &mut state.leading),
                "Ts" => set(&operands, 0, &mut state.rise),
                "Tf" => {
                    if let Some(name) = operands.first().and_then(|o| o.as_name().ok()) {
                        state.font = self.font(resources, name);
                    }
                    set(&operands, 1, &mut state.font_size);
                }
                "Td" | "TD" => {
                    let (Some(tx), Some(ty)) = (
                        operands.first().and_then(number),
                        operands.get(1).and_then(number),
                    ) else {
                        continue;
                    };
                    if operator == "TD" {
                        state.leading = -ty;
                    }
                    line_matrix = Matrix::translate(tx, ty).then(&line_matrix);
                    text_matrix = line_matrix;
                }
                "Tm" => {
                    if let Some(m) = Matrix::from_operands(&operands) {
                        line_matrix = m;
                        text_matrix = m;
                    }
                }
                "T*" => {
                    line_matrix = Matrix::translate(0.0, -state.leading).then(&line_matrix);
                    text_matrix = line_matrix;
                }
                "Tj" => {
                    if let Some(Object::String(bytes, _)) = operands.first() {
                        self.show(&state, &mut text_matrix, bytes)?;
                    }
                }
                "'" | "\"" => {
                    if operator == "\"" {
                        set(&operands, 0, &mut state.word_spacing);
                        set(&operands, 1, &mut state.char_spacing);
                    }
                    line_matrix = Matrix::translate(0.0, -state.leading).then(&line_matrix);
                    text_matrix = line_matrix;
                    if let Some(Object::String(bytes, _)) = operands.last() {
                        self.show(&state, &mut text_matrix, bytes)?;
                    }
                }
                "TJ" => {
                    let Some(Object::Array(items)) = operands.first() else {
                        continue;
                    };
                    for item in items {
                        match item {
                            Object::String(bytes, _) => {
                                self.show(&state, &mut text_matrix, bytes)?;
                            }
                            other => {
                                // A number moves the next glyph left by thousandths of
                                // the font size; a large negative one is a word gap.
                                if let Some(adjust) = number(other) {
                                    let tx =
                                        -adjust / 1000.0 * state.font_size * state.horizontal_scale;
                                    text_matrix = Matrix::translate(tx, 0.0).then(&text_matrix);
                                }
                            }
                        }
                    }
                }
                "Do" => {
                    if let Some(name) = operands.first().and_then(|o| o.as_name().ok()) {
                        self.draw_xobject(resources, name, &state)?;
                    }
                }
                "BI" => self.out.n_images += 1,
                _ => {}
            }
        }
        Ok(())
    }

    fn font(&mut self, resources: &Resources<'a>, name: &[u8]) -> Option<Rc<Font>> {
        let dict = resources.lookup(self.doc, b"Font", name)?.as_dict().ok()?;
        let key = std::ptr::from_ref(dict) as usize;
        let max_stream = self.limits.max_stream_bytes;
        let doc = self.doc;
        Some(Rc::clone(self.fonts.fonts.entry(key).or_insert_with(
            || Rc::new(Font::load(doc, dict, max_stream)),
        )))
    }

    fn draw_xobject(
        &mut self,
        resources: &Resources<'a>,
        name: &[u8],
        state: &GraphicsState,
    ) -> Result<(), PdfError> {
        let Some(reference) = self.xobject_id(resources, name) else {
            return Ok(());
        };
        let Some(stream) = deref(self.doc, reference).and_then(|o| o.as_stream().ok()) else {
            return Ok(());
        };
        match stream.dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Image") => self.out.n_images += 1,
            Ok(b"Form") => self.draw_form(resources, reference, stream, state)?,
            _ => {}
        }
        Ok(())
    }

    fn xobject_id(&self, resources: &Resources<'a>, name: &[u8]) -> Option<&'a Object> {
        resources.dicts.iter().find_map(|dict| {
            let xobjects = deref(self.doc, dict.get(b"XObject").ok()?)?
                .as_dict()
                .ok()?;
            xobjects.get(name).ok()
        })
    }

    fn draw_form(
        &mut self,
        resources: &Resources<'a>,
        reference: &'a Object,
        stream: &'a Stream,
        state: &GraphicsState,
    ) -> Result<(), PdfError> {
        let id = reference.as_reference().ok();
        if self.forms_open.len() >= MAX_FORM_DEPTH
            || id.is_some_and(|id| self.forms_open.contains(&id))
        {
            return Ok(());
        }
        let data = match stream.get_plain_content_with_limit(self.limits.max_stream_bytes) {
            Ok(data) => data,
            Err(err) => {
                let err = super::map_lopdf_error(err);
                if matches!(err, PdfError::TooLarge(_)) {
                    return Err(err);
                }
                self.out.damaged = true;
                return Ok(());
            }
        };
        let mut form_state = state.clone();
        if let Some(matrix) = stream
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|o| deref(self.doc, o))
            .and_then(|o| o.as_array().ok())
            .and_then(|array| Matrix::from_operands(array))
        {
            form_state.ctm = matrix.then(&state.ctm);
        }
        let own = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|o| deref(self.doc, o))
            .and_then(|o| o.as_dict().ok());
        let form_resources = match own {
            Some(dict) => {
                // A form without its own fonts may still use the page's (an old,
                // deprecated habit the specification tolerates), so keep them behind.
                let mut dicts = vec![dict];
                dicts.extend(resources.dicts.iter().copied());
                Resources { dicts }
            }
            None => resources.clone(),
        };
        self.forms_open.push(id.unwrap_or((0, 0)));
        let result = self.run(&data, &form_resources, form_state);
        self.forms_open.pop();
        result
    }

    /// Shows a string: places each glyph and moves the text matrix past it.
    fn show(
        &mut self,
        state: &GraphicsState,
        text_matrix: &mut Matrix,
        bytes: &[u8],
    ) -> Result<(), PdfError> {
        let Some(font) = state.font.clone() else {
            return Ok(());
        };
        let to_page = text_matrix.then(&state.ctm);
        let [a, b, c, d, _, _] = to_page.0;
        let size = state.font_size.abs() * c.hypot(d);
        let scale_x = state.font_size * state.horizontal_scale;
        // Upright, left-to-right text: the baseline runs along +x and up is +y.
        let upright = a * scale_x > 0.0
            && d * state.font_size > 0.0
            && b.abs() + c.abs() < 1e-3 * (a.abs() + d.abs());
        let mut advance = 0.0f64;
        let mut scratch = std::mem::take(&mut self.scratch);
        let mut n_glyphs = 0usize;
        font.decode(bytes, &mut scratch, |code| {
            let glyph_width = code.width * scale_x;
            let (x, y) = to_page.apply(advance, state.rise);
            let (x_end, _) = to_page.apply(advance + glyph_width, state.rise);
            let mut step = code.width * state.font_size + state.char_spacing;
            if code.is_space_code {
                step += state.word_spacing;
            }
            advance += step * state.horizontal_scale;
            n_glyphs += 1;
            push_glyph(&mut self.out.runs, code.text, x, y, x_end, size, upright);
        });
        self.scratch = scratch;
        *text_matrix = Matrix::translate(advance, 0.0).then(text_matrix);
        self.budget.glyphs = self
            .budget
            .glyphs
            .checked_sub(n_glyphs)
            .ok_or(PdfError::TooLarge("siderne viser for mange tegn".into()))?;
        if self.out.runs.len() > self.limits.max_runs_per_page {
            return Err(PdfError::TooLarge(
                "en side viser for mange enkeltstående tekststykker".into(),
            ));
        }
        Ok(())
    }
}

fn set(operands: &[Object], idx: usize, slot: &mut f64) {
    if let Some(value) = operands.get(idx).and_then(number) {
        *slot = value;
    }
}

/// Adds one glyph to the last run, or starts a new run when it does not continue it.
fn push_glyph(
    runs: &mut Vec<Run>,
    text: &str,
    x: f64,
    y: f64,
    x_end: f64,
    size: f64,
    upright: bool,
) {
    if !(x.is_finite() && y.is_finite() && x_end.is_finite() && size.is_finite()) {
        return;
    }
    // A glyph without text (a code the font cannot map) still takes its place.
    let is_space = !text.is_empty() && text.chars().all(char::is_whitespace);
    if let Some(run) = runs.last_mut() {
        let continues = if upright {
            run.upright
                && (y - run.y).abs() <= 0.05 * run.size.max(size)
                && x >= run.x1 - 0.3 * size
                && x <= run.x1 + WORD_GAP_EM * size
        } else {
            // Rotated text is rare (margin notes, stamps); keep it in drawing order.
            !run.upright && (x - run.x1).hypot(y - run.y) <= 2.0 * size
        };
        if continues || (is_space && run.upright == upright) {
            if is_space {
                if !run.text.ends_with(' ') {
                    run.text.push(' ');
                }
            } else {
                push_text(&mut run.text, text);
            }
            if upright {
                run.x1 = run.x1.max(x_end);
            } else {
                run.x1 = x_end;
                run.y = y;
            }
            return;
        }
    }
    if is_space || size <= 0.0 {
        return;
    }
    let mut run = Run {
        text: String::new(),
        x0: x.min(x_end),
        x1: x.max(x_end),
        y,
        size,
        upright,
    };
    push_text(&mut run.text, text);
    if !run.text.is_empty() {
        runs.push(run);
    }
}

/// Appends glyph text, mapping what fonts give that is not plain text: control
/// characters are dropped, no-break spaces become spaces, the Symbol font's bullet in
/// the private use area (U+F0B7, seen from Word and in poppler's output) becomes •, and
/// typographic ligatures are spelled out so words match what people search for.
fn push_text(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '\u{0}'..='\u{1f}' | '\u{7f}' | '\u{FFFD}' | '\u{FEFF}' => {}
            '\u{a0}' | '\u{2000}'..='\u{200a}' => out.push(' '),
            '\u{F0B7}' | '\u{F0A7}' => out.push('•'),
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB06}' => out.push_str("st"),
            other => out.push(other),
        }
    }
}
