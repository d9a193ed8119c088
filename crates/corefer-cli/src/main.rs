//! The `corefer` command-line tool: one module per subcommand.

mod html;
mod input;
mod output;
mod resolve;
mod rewrite;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "corefer", version, about = "Coreference resolution for English")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Rewrite text so pronouns name their entity (clusters from the model).
    Resolve(resolve::Args),
    /// Rewrite a text with clusters given as JSON (from any system, or by hand).
    Rewrite(rewrite::Args),
    /// Render a text's clusters as one self-contained HTML page.
    Html(html::Args),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Resolve(args) => resolve::run(&args),
        Command::Rewrite(args) => rewrite::run(&args),
        Command::Html(args) => html::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("corefer: {message}");
            ExitCode::FAILURE
        }
    }
}
