//! `$…$` and `$$…$$` formulas as MathML, at build time (math-core):
//! browsers lay MathML out themselves, so a page needs no script for its
//! formulas, only a math font, which the theme ships
//! (`static/fonts/latinmodern-math.woff2`, loaded only by pages that show
//! a formula).
//!
//! Which `$` opens a formula is pulldown-cmark's rule: an opening `$` is
//! not followed by a space and a closing one is not preceded by one, so
//! prices in prose (`$5 と $10`) stay text. A site that writes many
//! dollars turns math off with `math: false` in `site.yaml`.

use super::foreign::{self, Vocabulary};
use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};
use std::sync::OnceLock;

/// A formula as MathML, and the text it shows (searchable).
#[derive(Debug)]
pub struct Formula {
    pub html: String,
    pub text: String,
}

/// Why a formula could not be read, at a byte offset of its LaTeX.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormulaError {
    pub offset: usize,
    pub message: String,
}

/// The largest formula converted (bytes of LaTeX).
pub const MAX_FORMULA: usize = 16 * 1024;

/// `latex` as `<math>`, shown as a block when `display`.
pub fn render(latex: &str, display: bool) -> Result<Formula, FormulaError> {
    if latex.len() > MAX_FORMULA {
        return Err(FormulaError {
            offset: 0,
            message: format!(
                "formula too long ({} KB; the limit is {} KB)",
                latex.len() / 1024,
                MAX_FORMULA / 1024
            ),
        });
    }
    let mode = if display {
        MathDisplay::Block
    } else {
        MathDisplay::Inline
    };
    let converted = converter()
        .convert_with_local_state(latex, mode)
        .map_err(|error| FormulaError {
            offset: error.0.start.min(latex.len()),
            message: error.error_message(),
        })?;
    let cleaned =
        foreign::clean(&converted.mathml, Vocabulary::MathMl, "").map_err(|e| FormulaError {
            offset: 0,
            message: format!("the formula did not give valid MathML ({e})"),
        })?;
    Ok(Formula {
        html: cleaned.markup,
        text: super::collapse_whitespace(&cleaned.text),
    })
}

fn converter() -> &'static LatexToMathML {
    static CONVERTER: OnceLock<LatexToMathML> = OnceLock::new();
    CONVERTER.get_or_init(|| {
        let config = MathCoreConfig::default();
        // No macros are configured, so there is nothing that could fail.
        LatexToMathML::new(config).expect("the default configuration is valid")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fraction_becomes_mathml() {
        let formula = render(r"\frac{a}{b}", false).unwrap();
        assert_eq!(
            formula.html,
            "<math><mfrac><mi>a</mi><mi>b</mi></mfrac></math>"
        );
        assert_eq!(formula.text, "a b");
    }

    #[test]
    fn a_display_formula_is_a_block() {
        let formula = render(r"x^2", true).unwrap();
        assert!(
            formula.html.starts_with("<math display=\"block\">"),
            "{}",
            formula.html
        );
    }

    #[test]
    fn an_unknown_command_is_an_error_at_its_offset() {
        let error = render(r"x + \nosuch{y}", false).unwrap_err();
        assert_eq!(error.offset, 4);
        assert!(error.message.contains("nosuch"), "{error:?}");
    }
}
