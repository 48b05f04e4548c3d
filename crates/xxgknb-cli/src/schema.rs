//! `xxgknb schema`: the JSON Schema of the report model (MODEL.md), derived
//! from the Rust types so it cannot drift from what `parse` prints.

use std::io::Write;
use std::process::ExitCode;

/// The schema as pretty-printed JSON.
pub fn schema_json() -> Result<String, serde_json::Error> {
    let schema = schemars::schema_for!(xxgknb_core::Report);
    serde_json::to_string_pretty(&schema)
}

/// Print the schema.
pub fn run() -> ExitCode {
    match schema_json() {
        Ok(s) => {
            let _ = writeln!(std::io::stdout().lock(), "{s}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("xxgknb: {e}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    /// The committed `docs/model.schema.json` is what the types derive.
    /// After changing the model, regenerate it with
    /// `cargo run -p xxgknb-cli -- schema > docs/model.schema.json`.
    #[test]
    fn committed_schema_matches_the_types() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/model.schema.json");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        let derived = super::schema_json().unwrap_or_default();
        assert!(!derived.is_empty());
        // compared as JSON values: key order is not part of the schema
        let parse = |s: &str| serde_json::from_str::<serde_json::Value>(s).ok();
        assert!(
            parse(&committed).is_some(),
            "docs/model.schema.json is not JSON"
        );
        assert_eq!(
            parse(&committed),
            parse(&derived),
            "docs/model.schema.json is out of date: run `cargo run -p xxgknb-cli -- schema > docs/model.schema.json`"
        );
    }

    #[test]
    fn schema_describes_the_top_level() {
        let v: serde_json::Value =
            serde_json::from_str(&super::schema_json().unwrap_or_default()).unwrap_or_default();
        let props = &v["properties"];
        for key in ["source", "meta", "sections", "tables", "findings"] {
            assert!(props.get(key).is_some(), "{key} missing from the schema");
        }
    }
}
