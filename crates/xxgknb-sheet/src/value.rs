//! Cell values as text the recogniser can read: integral numbers without a
//! trailing `.0`, binary floating-point noise rounded away, dates in ISO
//! form, booleans and errors as a spreadsheet shows them. Text cells pass
//! through unchanged (`'3,456`, `１２` stay text); empty cells stay empty.

use calamine::{Data, ExcelDateTime};

/// Significant digits kept for non-integral numbers. Spreadsheet programs
/// show about this many in a default-width column, and it is far above
/// any figure a report prints, while it removes artefacts such as
/// `3.0000000001` or `0.30000000000000004`.
pub const SIGNIFICANT_DIGITS: usize = 10;

/// Integral values below this magnitude print exactly as integers.
const EXACT_INTEGER_LIMIT: f64 = 1e15;

/// Render one cell value as text.
pub fn cell_text(value: &Data) -> String {
    match value {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => format_number(*f),
        Data::Bool(true) => "TRUE".to_string(),
        Data::Bool(false) => "FALSE".to_string(),
        Data::DateTime(dt) => format_datetime(dt),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// Format a floating-point cell value: `3.0` → `3`, `2.5` → `2.5`,
/// `3.0000000001` → `3`, `-0.0` → `0`.
pub fn format_number(f: f64) -> String {
    if !f.is_finite() {
        return "#NUM!".to_string();
    }
    if f == 0.0 {
        return "0".to_string();
    }
    if f.fract() == 0.0 && f.abs() < EXACT_INTEGER_LIMIT {
        // exact: the value is an integer well inside i64
        return format!("{}", f as i64);
    }
    // round to SIGNIFICANT_DIGITS via scientific notation, then print the
    // shortest decimal that reads back as the rounded value
    let rounded: f64 = format!("{:.*e}", SIGNIFICANT_DIGITS - 1, f)
        .parse()
        .unwrap_or(f);
    if rounded.fract() == 0.0 && rounded.abs() < EXACT_INTEGER_LIMIT {
        return format!("{}", rounded as i64);
    }
    format!("{rounded}")
}

/// Format an Excel date/time serial: `2023-12-31`, `2023-12-31 08:30:00`,
/// or a duration as `HH:MM:SS`.
fn format_datetime(dt: &ExcelDateTime) -> String {
    if dt.is_duration() {
        let total = (dt.as_f64() * 86_400.0).round();
        if !total.is_finite() {
            return format_number(dt.as_f64());
        }
        let total = total as i64;
        let sign = if total < 0 { "-" } else { "" };
        let t = total.abs();
        return format!("{sign}{:02}:{:02}:{:02}", t / 3600, (t / 60) % 60, t % 60);
    }
    let serial = dt.as_f64();
    // Excel's date range is 1900-01-00 .. 9999-12-31; outside it the
    // serial is not a date a human typed, show the number instead
    if !(0.0..2_958_466.0).contains(&serial) {
        return format_number(serial);
    }
    let (y, mo, d, h, mi, s, _ms) = dt.to_ymd_hms_milli();
    if serial.fract() == 0.0 || (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{mo:02}-{d:02}")
    } else if serial < 1.0 {
        format!("{h:02}:{mi:02}:{s:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{CellErrorType, ExcelDateTimeType};

    #[test]
    fn integral_floats_print_without_fraction() {
        assert_eq!(format_number(3.0), "3");
        assert_eq!(format_number(-12.0), "-12");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(130796.0), "130796");
        assert_eq!(format_number(12_345_678_901.0), "12345678901");
    }

    #[test]
    fn float_noise_is_rounded_away() {
        assert_eq!(format_number(3.000_000_000_1), "3");
        assert_eq!(format_number(0.1 + 0.2), "0.3");
        assert_eq!(format_number(2.999_999_999_99), "3");
        assert_eq!(format_number(379.45), "379.45");
        assert_eq!(format_number(0.5), "0.5");
        assert_eq!(format_number(-1.25), "-1.25");
        assert_eq!(format_number(1_234.567_891_2), "1234.567891");
    }

    #[test]
    fn values_render_sensibly() {
        assert_eq!(cell_text(&Data::Empty), "");
        assert_eq!(cell_text(&Data::Int(7)), "7");
        assert_eq!(cell_text(&Data::Float(7.0)), "7");
        assert_eq!(cell_text(&Data::String("3,456".into())), "3,456");
        assert_eq!(cell_text(&Data::String("１２".into())), "１２");
        assert_eq!(cell_text(&Data::Bool(true)), "TRUE");
        assert_eq!(cell_text(&Data::Error(CellErrorType::Div0)), "#DIV/0!");
        assert_eq!(cell_text(&Data::Float(f64::NAN)), "#NUM!");
    }

    #[test]
    fn dates_render_as_iso() {
        let d = |v: f64| Data::DateTime(ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false));
        assert_eq!(cell_text(&d(45291.0)), "2023-12-31");
        assert_eq!(cell_text(&d(45291.5)), "2023-12-31 12:00:00");
        assert_eq!(cell_text(&d(0.25)), "06:00:00");
        let dur = Data::DateTime(ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false));
        assert_eq!(cell_text(&dur), "36:00:00");
    }
}
