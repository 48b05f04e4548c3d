//! Marks and characters the Chinese model misreads in a report's lines,
//! put back where the context leaves no doubt — never a digit: the
//! brackets of a document number (`东政办〔2024〕8号`, which the model
//! reads as `[2024]` or `(2024)`), and `士族自治` for `土族自治` (土 and
//! 士 differ by the length of one stroke; there is no 士族 autonomous
//! area, the 土族 have several).

/// Opening brackets the model gives for `〔`.
const OPEN: &[char] = &['[', '［', '【', '(', '（', '{', '〔'];
/// Closing brackets the model gives for `〕`.
const CLOSE: &[char] = &[']', '］', '】', ')', '）', '}', '〕'];

/// A line with the brackets of a document number made `〔〕`: an opening
/// bracket, a year of four digits (19xx or 20xx), a closing bracket and
/// a serial number ending in `号`.
pub fn tidy_line(line: &str) -> String {
    let line = line.replace("士族自治", "土族自治");
    let chars: Vec<char> = line.chars().collect();
    let mut out: Vec<char> = chars.clone();
    for i in 0..chars.len() {
        let Some(window) = chars.get(i..i + 6) else {
            break;
        };
        let [open, y0, y1, y2, y3, close] = window else {
            continue;
        };
        let year = [y0, y1, y2, y3].iter().all(|c| c.is_ascii_digit())
            && (*y0, *y1) != ('0', '0')
            && matches!((y0, y1), ('1', '9') | ('2', '0'));
        if !(OPEN.contains(open) && CLOSE.contains(close) && year) {
            continue;
        }
        let rest: String = chars.iter().skip(i + 6).collect();
        let rest = rest.trim_start();
        let serial = rest.chars().take_while(char::is_ascii_digit).count();
        let after_han = i > 0
            && chars
                .get(i - 1)
                .is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(c));
        if serial > 0 && rest.chars().nth(serial) == Some('号') && after_han {
            if let Some(o) = out.get_mut(i) {
                *o = '〔';
            }
            if let Some(c) = out.get_mut(i + 5) {
                *c = '〕';
            }
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_number_brackets() {
        assert_eq!(tidy_line("东政办[2024]8号"), "东政办〔2024〕8号");
        assert_eq!(
            tidy_line("文号：刚政办（2023）5号"),
            "文号：刚政办〔2023〕5号"
        );
        assert_eq!(tidy_line("东政办〔2024〕8号"), "东政办〔2024〕8号");
    }

    #[test]
    fn autonomous_county_names() {
        assert_eq!(
            tidy_line("互助士族自治县人民政府"),
            "互助土族自治县人民政府"
        );
        assert_eq!(tidy_line("博士族谱"), "博士族谱");
    }

    #[test]
    fn other_brackets_stay() {
        // not a document number: no 号, or no agency before it
        assert_eq!(tidy_line("收到申请(2024)件"), "收到申请(2024)件");
        assert_eq!(tidy_line("[2024]8号"), "[2024]8号");
        assert_eq!(tidy_line("东政办[1234]8号"), "东政办[1234]8号");
    }
}
