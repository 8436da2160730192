//! One small file per subcommand: turn parsed flags into a library call and print the outcome.

pub mod build;
pub mod import;
pub mod init;
pub mod serve;
