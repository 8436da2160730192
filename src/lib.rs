//! Quire: a static-site generator for workshop and conference proceedings.
//!
//! `import` turns a proceedings text into `content/`; `build` loads the site (config, pages,
//! theme), renders every page in parallel and swaps the result into `public/` atomically.

pub mod error;
pub mod fs;
pub mod import;
pub mod yaml;

pub use error::{Error, Result};
