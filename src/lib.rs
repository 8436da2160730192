//! Quire: a static-site generator for workshop and conference proceedings.
//!
//! `import` turns a proceedings text into `content/`; `build` loads the site (config, pages,
//! theme), renders every page in parallel and swaps the result into `public/` atomically.

pub mod abbr;
pub mod check;
pub mod cite;
pub mod config;
pub mod controls;
pub mod credits;
pub mod date;
pub mod describe;
pub mod epub;
pub mod error;
pub mod escape;
pub mod feeds;
pub mod fs;
pub mod highlight;
pub mod import;
pub mod init;
pub mod markdown;
pub mod page;
pub mod release;
pub mod search;
pub mod serve;
pub mod site;
pub mod theme;
pub mod watch;
pub mod yaml;

pub use error::{Error, Result};
