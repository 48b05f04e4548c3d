//! Parquet export (feature `parquet`): `cells`, `reports` and `findings`
//! datasets under one folder, each partitioned by year in the Hive layout
//! (`DIR/cells/year=2022/part-0.parquet`; a report without a year goes to
//! `year=__HIVE_DEFAULT_PARTITION__`), Snappy-compressed, strings
//! dictionary-encoded. The columns are those of the CSV exports with
//! proper types (see `docs/store.md`): counts `INT64`, amounts in 万元
//! `DECIMAL(18,6)`, flags `BOOLEAN`. `year` is the partition key only (in
//! the folder name, not a column of the files: pyarrow refuses a column
//! that is also a partition key); DuckDB, pandas/pyarrow, Dask and Spark
//! read it back as a column.

use crate::export::{self, ExportOptions, Selected};
use crate::store::Store;
use crate::StoreError;
use arrow_array::builder::{
    BooleanBuilder, Decimal128Builder, Float64Builder, Int64Builder, ListBuilder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rows buffered before a record batch is written.
const BATCH_ROWS: usize = 65_536;

/// Rows of a Parquet row group: the writer holds a row group in memory
/// until it is complete (the parquet crate's default is a million rows),
/// for every partition file open at once.
const ROW_GROUP_ROWS: usize = 2 * BATCH_ROWS;

/// Scale of the amount decimals (万元 to six places: 0.01 元).
pub const AMOUNT_SCALE: i8 = 6;

fn arrow_err(e: ArrowError) -> StoreError {
    StoreError::Io(std::io::Error::other(e.to_string()))
}

fn parquet_err(e: parquet::errors::ParquetError) -> StoreError {
    StoreError::Io(std::io::Error::other(e.to_string()))
}

/// A column being built.
enum Col {
    Str(StringBuilder),
    Int(Int64Builder),
    Float(Float64Builder),
    Bool(BooleanBuilder),
    Dec(Decimal128Builder),
    List(ListBuilder<StringBuilder>),
}

/// A value appended to a column.
enum V<'a> {
    S(Option<&'a str>),
    I(Option<i64>),
    F(Option<f64>),
    B(bool),
    D(Option<f64>),
    L(&'a [String]),
}

impl Col {
    fn new(t: &DataType) -> Col {
        match t {
            DataType::Int64 => Col::Int(Int64Builder::new()),
            DataType::Float64 => Col::Float(Float64Builder::new()),
            DataType::Boolean => Col::Bool(BooleanBuilder::new()),
            DataType::Decimal128(p, s) => Col::Dec(
                Decimal128Builder::new()
                    .with_precision_and_scale(*p, *s)
                    .unwrap_or_default(),
            ),
            DataType::List(_) => Col::List(ListBuilder::new(StringBuilder::new())),
            _ => Col::Str(StringBuilder::new()),
        }
    }

    fn push(&mut self, v: V<'_>) {
        match (self, v) {
            (Col::Str(b), V::S(s)) => b.append_option(s),
            (Col::Int(b), V::I(i)) => b.append_option(i),
            (Col::Float(b), V::F(f)) => b.append_option(f),
            (Col::Bool(b), V::B(x)) => b.append_value(x),
            (Col::Dec(b), V::D(f)) => {
                b.append_option(f.map(|x| (x * 10f64.powi(AMOUNT_SCALE.into())).round() as i128))
            }
            (Col::List(b), V::L(items)) => {
                for i in items {
                    b.values().append_value(i);
                }
                b.append(true);
            }
            // a programming error in this file: the row's shape is fixed
            (Col::Str(b), _) => b.append_null(),
            (Col::Int(b), _) => b.append_null(),
            (Col::Float(b), _) => b.append_null(),
            (Col::Bool(b), _) => b.append_null(),
            (Col::Dec(b), _) => b.append_null(),
            (Col::List(b), _) => b.append(false),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Col::Str(b) => Arc::new(b.finish()),
            Col::Int(b) => Arc::new(b.finish()),
            Col::Float(b) => Arc::new(b.finish()),
            Col::Bool(b) => Arc::new(b.finish()),
            Col::Dec(b) => Arc::new(b.finish()),
            Col::List(b) => Arc::new(b.finish()),
        }
    }
}

/// One partition file being written.
struct Part {
    schema: SchemaRef,
    cols: Vec<Col>,
    rows: usize,
    writer: ArrowWriter<std::fs::File>,
    path: PathBuf,
}

impl Part {
    fn create(dir: &Path, schema: &SchemaRef) -> Result<Part, StoreError> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join("part-0.parquet");
        let file = std::fs::File::create(&path)?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .set_created_by(format!("xxgknb {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer =
            ArrowWriter::try_new(file, schema.clone(), Some(props)).map_err(parquet_err)?;
        Ok(Part {
            cols: schema
                .fields()
                .iter()
                .map(|f| Col::new(f.data_type()))
                .collect(),
            schema: schema.clone(),
            rows: 0,
            writer,
            path,
        })
    }

    fn row(&mut self, values: Vec<V<'_>>) -> Result<(), StoreError> {
        for (c, v) in self.cols.iter_mut().zip(values) {
            c.push(v);
        }
        self.rows += 1;
        if self.rows >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), StoreError> {
        if self.rows == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self.cols.iter_mut().map(Col::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays).map_err(arrow_err)?;
        self.writer.write(&batch).map_err(parquet_err)?;
        self.rows = 0;
        Ok(())
    }

    fn close(mut self) -> Result<PathBuf, StoreError> {
        self.flush()?;
        self.writer.close().map_err(parquet_err)?;
        Ok(self.path)
    }
}

fn utf8(name: &str) -> Field {
    Field::new(name, DataType::Utf8, true)
}

fn report_fields() -> Vec<Field> {
    vec![
        Field::new("report_id", DataType::Utf8, false),
        utf8("agency"),
        utf8("agency_key"),
        utf8("edition"),
        utf8("format"),
        Field::new("status", DataType::Utf8, false),
        Field::new("canonical", DataType::Boolean, false),
        Field::new("agency_year_reports", DataType::Int64, false),
    ]
}

/// Schema of `cells`: the tidy CSV's columns, typed.
pub fn cells_schema() -> SchemaRef {
    let mut f = report_fields();
    f.extend([
        Field::new("table_key", DataType::Utf8, false),
        Field::new("row_key", DataType::Utf8, false),
        Field::new("column_key", DataType::Utf8, false),
        Field::new("value_kind", DataType::Utf8, false),
        Field::new("count_value", DataType::Int64, true),
        Field::new(
            "amount_wan_yuan",
            DataType::Decimal128(18, AMOUNT_SCALE),
            true,
        ),
        Field::new("src_page", DataType::Int64, true),
        Field::new("src_line", DataType::Int64, true),
        utf8("src_sheet"),
        utf8("src_cell"),
        Field::new("src_x", DataType::Float64, true),
        utf8("src_placement"),
        Field::new("source_file", DataType::Utf8, false),
    ]);
    Arc::new(Schema::new(f))
}

/// Schema of `reports`: the reports CSV's columns, typed (`all_paths` a
/// list of strings).
pub fn reports_schema() -> SchemaRef {
    let mut f = report_fields();
    f.extend([
        utf8("canonical_report_id"),
        Field::new("error_findings", DataType::Int64, false),
        Field::new("filled_cells", DataType::Int64, false),
        Field::new("copies", DataType::Int64, false),
        Field::new("source_file", DataType::Utf8, false),
        Field::new(
            "all_paths",
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
            false,
        ),
        utf8("unreadable_error"),
    ]);
    Arc::new(Schema::new(f))
}

/// Schema of `findings`: one row per finding, single-report and
/// cross-year.
pub fn findings_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("report_id", DataType::Utf8, false),
        utf8("agency_key"),
        Field::new("canonical", DataType::Boolean, false),
        Field::new("seq", DataType::Int64, false),
        Field::new("rule", DataType::Utf8, false),
        Field::new("severity", DataType::Utf8, false),
        Field::new("message", DataType::Utf8, false),
        utf8("location_json"),
        Field::new("cross_year", DataType::Boolean, false),
        utf8("related_report_id"),
    ]))
}

fn head(s: &Selected) -> Vec<V<'_>> {
    let r = &s.report;
    vec![
        V::S(Some(&r.id)),
        V::S(r.agency.as_deref()),
        V::S(r.agency_key.as_deref()),
        V::S(r.edition.as_deref()),
        V::S(r.format.as_deref()),
        V::S(Some(&r.status)),
        V::B(s.canonical),
        V::I(Some(s.agency_year_reports as i64)),
    ]
}

fn opt(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// Write the store as Parquet under `dir` (`cells/`, `reports/`,
/// `findings/`, each with one `year=…` folder per year). Returns the
/// files written.
pub fn write(store: &Store, opts: &ExportOptions, dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
    for sub in ["cells", "reports", "findings"] {
        let d = dir.join(sub);
        if d.exists() {
            std::fs::remove_dir_all(&d)?; // a re-export replaces, never mixes
        }
    }
    let mut by_year: BTreeMap<Option<i64>, Vec<Selected>> = BTreeMap::new();
    for s in export::select(store, opts)? {
        by_year.entry(s.report.year).or_default().push(s);
    }
    let (cs, rs, fs) = (cells_schema(), reports_schema(), findings_schema());
    let mut written = Vec::new();
    for (year, reports) in &by_year {
        let part = match year {
            Some(y) => format!("year={y}"),
            None => "year=__HIVE_DEFAULT_PARTITION__".to_string(),
        };
        let mut cells = Part::create(&dir.join("cells").join(&part), &cs)?;
        let mut reps = Part::create(&dir.join("reports").join(&part), &rs)?;
        let mut finds = Part::create(&dir.join("findings").join(&part), &fs)?;
        for s in reports {
            let r = &s.report;
            let paths = store.paths(&r.id)?;
            let mut row = head(s);
            row.extend([
                V::S(opt(&s.canonical_id)),
                V::I(Some(r.error_findings)),
                V::I(Some(r.filled_cells)),
                V::I(Some(r.copies)),
                V::S(Some(&r.path)),
                V::L(&paths),
                V::S(r.error.as_deref()),
            ]);
            reps.row(row)?;
            if r.status == "unreadable" {
                continue;
            }
            for c in store.cells(&r.id)? {
                let v = export::typed_value(&c.column, &c.value);
                let [page, line, sheet, cell, x, placement] =
                    export::source_columns(c.source.as_deref());
                let mut row = head(s);
                row.extend([
                    V::S(Some(&c.table)),
                    V::S(Some(&c.row)),
                    V::S(Some(&c.column)),
                    V::S(Some(v.kind)),
                    V::I(v.count),
                    V::D(v.amount_wan_yuan),
                    V::I(page.parse().ok()),
                    V::I(line.parse().ok()),
                    V::S(opt(&sheet)),
                    V::S(opt(&cell)),
                    V::F(x.parse().ok()),
                    V::S(opt(&placement)),
                    V::S(Some(&r.path)),
                ]);
                cells.row(row)?;
            }
            for f in store.stored_findings(&r.id)? {
                let location = crate::store::location_text(&f.finding);
                finds.row(vec![
                    V::S(Some(&r.id)),
                    V::S(r.agency_key.as_deref()),
                    V::B(s.canonical),
                    V::I(Some(f.seq)),
                    V::S(Some(&f.finding.rule)),
                    V::S(Some(f.finding.severity.as_str())),
                    V::S(Some(&f.finding.message)),
                    V::S(location.as_deref()),
                    V::B(f.cross_year),
                    V::S(f.related.as_deref()),
                ])?;
            }
        }
        written.push(cells.close()?);
        written.push(reps.close()?);
        written.push(finds.close()?);
    }
    Ok(written)
}
