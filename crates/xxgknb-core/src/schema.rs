//! JSON Schema (schemars) for the model's hand-serialised types, behind the
//! `schema` feature; the derived types are annotated in [`crate::model`].

use crate::model::{Num, OrderedMap};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use std::borrow::Cow;

impl JsonSchema for Num {
    fn schema_name() -> Cow<'static, str> {
        "Num".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "number",
            "description": "A value as printed: an integer when whole, else a decimal (万元 amounts)."
        })
    }
}

impl<V: JsonSchema> JsonSchema for OrderedMap<V> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "description": "Keys in the official form's order (MODEL.md keys).",
            "additionalProperties": generator.subschema_for::<V>(),
        })
    }
}
