//! SVG to PNG with `resvg`, drawing text only with the fonts bundled in `assets/fonts`: the
//! picture is the same on every machine and needs no display, GPU or installed fonts.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use crate::export::text_metrics::{BOLD_FONT, FONT_FAMILY, REGULAR_FONT};

/// The bundled fonts and nothing else, loaded once.
fn font_database() -> Arc<usvg::fontdb::Database> {
    static DATABASE: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DATABASE
        .get_or_init(|| {
            let mut database = usvg::fontdb::Database::new();
            database.load_font_source(usvg::fontdb::Source::Binary(Arc::new(REGULAR_FONT)));
            database.load_font_source(usvg::fontdb::Source::Binary(Arc::new(BOLD_FONT)));
            // Generic families resolve to the bundled font too.
            database.set_sans_serif_family(FONT_FAMILY);
            database.set_serif_family(FONT_FAMILY);
            database.set_monospace_family(FONT_FAMILY);
            Arc::new(database)
        })
        .clone()
}

/// Rasterises an SVG document at its own size (one SVG pixel per PNG pixel).
pub fn render_png(svg: &str) -> Result<Vec<u8>, String> {
    let options = usvg::Options {
        font_family: FONT_FAMILY.to_string(),
        fontdb: font_database(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|error| format!("the SVG could not be read: {error}"))?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or_else(|| {
        format!(
            "a {}×{} picture is too large to rasterise",
            size.width(),
            size.height()
        )
    })?;
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|error| format!("the PNG could not be encoded: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dark_pixels(png: &[u8]) -> usize {
        let pixmap = tiny_skia::Pixmap::decode_png(png).expect("a PNG");
        pixmap
            .pixels()
            .iter()
            .filter(|p| p.alpha() > 0 && p.red() < 128)
            .count()
    }

    #[test]
    fn text_is_drawn_with_the_bundled_font_whatever_the_family_asked() {
        // The only fonts are the bundled ones, so text appearing proves they are used.
        for family in ["DejaVu Sans", "sans-serif", "No Such Font"] {
            let svg = format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="white"/><text x="4" y="28" font-size="24" font-family="{family}">Peña – é</text></svg>"#
            );
            let png = render_png(&svg).unwrap();
            assert!(dark_pixels(&png) > 100, "{family}: no text drawn");
        }
    }

    #[test]
    fn the_png_has_the_svg_size() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="321" height="123"><rect width="10" height="10"/></svg>"#;
        let pixmap = tiny_skia::Pixmap::decode_png(&render_png(svg).unwrap()).unwrap();
        assert_eq!((pixmap.width(), pixmap.height()), (321, 123));
    }

    #[test]
    fn broken_svg_is_an_error() {
        assert!(render_png("<svg").is_err());
    }
}
