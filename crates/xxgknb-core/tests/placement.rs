//! How values are placed: `positions` entries say `cell`, `geometry` or
//! `sequence`; a value that cannot be put in one cell stays out
//! (CELL_AMBIGUOUS) and the sums over it are not checked (SUM_UNVERIFIED
//! rather than an arithmetic error).

// test and benchmark code may index and panic (the workspace lints are for library code)
#![allow(clippy::indexing_slicing, clippy::panic)]

mod common;

use xxgknb_core::{analyse, Document, Placement, Report, Source};

/// Lines as paragraphs, kept as printed (leading spaces are columns);
/// `|` rows become one table.
fn doc(text: &str) -> Document {
    common::markdown_doc(text, false)
}

const COLS: [usize; 7] = [40, 47, 54, 61, 68, 75, 82];

/// A layout-text row: `label`, then each value at its column's character
/// position (`None`: blank), or at an explicit column.
fn layout_row(label: &str, vals: &[(usize, &str)]) -> String {
    let mut s: Vec<char> = label.chars().collect();
    for (col, v) in vals {
        while s.len() < *col {
            s.push(' ');
        }
        s.extend(v.chars());
    }
    s.into_iter().collect()
}

fn full(label: &str, v: [&str; 7]) -> String {
    let vals: Vec<(usize, &str)> = COLS.iter().copied().zip(v).collect();
    layout_row(label, &vals)
}

/// The first three rows of a layout table: 本年新收 and 予以公开 as given,
/// 上年结转 all zero.
fn opening_rows(new_received: [&str; 7], granted: [&str; 7]) -> Vec<String> {
    vec![
        full("一、本年新收政府信息公开申请数量", new_received),
        full(
            "二、上年结转政府信息公开申请数量",
            ["0", "0", "0", "0", "0", "0", "0"],
        ),
        full("（一）予以公开", granted),
    ]
}

fn layout_report(rows: &[String]) -> String {
    let mut t = String::from(
        "海东市人民政府2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n",
    );
    t.push_str(&layout_row(
        "",
        &[
            (40, "自然人"),
            (47, "商业"),
            (54, "科研"),
            (61, "社会"),
            (68, "法律"),
            (75, "其他"),
            (82, "总计"),
        ],
    ));
    t.push('\n');
    for r in rows {
        t.push_str(r);
        t.push('\n');
    }
    t.push_str("四、政府信息公开行政复议、行政诉讼情况\n");
    t
}

fn rules(r: &Report) -> Vec<&str> {
    r.findings.iter().map(|f| f.rule.as_str()).collect()
}

fn placement(r: &Report, key: &str) -> Option<Placement> {
    r.positions.get(key).and_then(|p| p.placement)
}

#[test]
fn grid_values_are_placed_as_cells() {
    let text = "海东市人民政府2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n\
        | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n\
        | 一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n\
        | 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n\
        | （一）予以公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n";
    let r = analyse(&doc(text), Source::default());
    assert_eq!(
        placement(&r, "applications.new_received.natural_person"),
        Some(Placement::Cell)
    );
}

#[test]
fn sparse_layout_rows_are_placed_by_column_geometry() {
    let rows = [
        full(
            "一、本年新收政府信息公开申请数量",
            ["5", "1", "1", "1", "1", "1", "10"],
        ),
        layout_row("二、上年结转政府信息公开申请数量", &[(40, "2"), (82, "2")]),
        full("（一）予以公开", ["5", "1", "1", "1", "1", "1", "10"]),
        layout_row("（二）部分公开", &[(47, "2"), (75, "1"), (82, "3")]),
    ];
    let r = analyse(&doc(&layout_report(&rows)), Source::default());
    let apps = r.tables.applications.as_ref().expect("table");
    assert_eq!(apps.value("carried_over", "natural_person"), Some(2.0));
    assert_eq!(apps.value("carried_over", "total"), Some(2.0));
    assert_eq!(apps.value("partially_granted", "commercial"), Some(2.0));
    assert_eq!(apps.value("partially_granted", "other_org"), Some(1.0));
    assert_eq!(apps.value("partially_granted", "natural_person"), None);
    assert_eq!(
        placement(&r, "applications.partially_granted.other_org"),
        Some(Placement::Geometry)
    );
    assert_eq!(
        placement(&r, "applications.granted.total"),
        Some(Placement::Sequence)
    );
    assert!(!rules(&r).contains(&"CELL_AMBIGUOUS"), "{:?}", rules(&r));
}

#[test]
fn a_value_between_two_bands_is_not_placed() {
    let rows = [
        full(
            "一、本年新收政府信息公开申请数量",
            ["5", "1", "1", "1", "1", "1", "10"],
        ),
        full("（一）予以公开", ["5", "1", "1", "1", "1", "1", "10"]),
        // 2 sits between the 商业企业 and 科研机构 columns
        layout_row("（二）部分公开", &[(40, "1"), (51, "2"), (82, "3")]),
    ];
    let r = analyse(&doc(&layout_report(&rows)), Source::default());
    let apps = r.tables.applications.as_ref().expect("table");
    assert_eq!(apps.value("partially_granted", "natural_person"), Some(1.0));
    assert_eq!(apps.value("partially_granted", "commercial"), None);
    assert_eq!(apps.value("partially_granted", "research"), None);
    assert_eq!(apps.value("partially_granted", "total"), Some(3.0));
    let rs = rules(&r);
    assert!(rs.contains(&"CELL_AMBIGUOUS"), "{rs:?}");
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "CELL_AMBIGUOUS")
        .expect("finding");
    assert!(f.message.contains("三（二）部分公开"), "{}", f.message);
    // the row no longer adds up, but that is our blank, not the source's
    assert!(!rs.contains(&"APP_ROW_SUM"), "{rs:?}");
    assert!(rs.contains(&"SUM_UNVERIFIED"), "{rs:?}");
}

#[test]
fn two_values_in_one_band_are_not_placed() {
    let rows = [
        full(
            "一、本年新收政府信息公开申请数量",
            ["5", "1", "1", "1", "1", "1", "10"],
        ),
        full("（一）予以公开", ["5", "1", "1", "1", "1", "1", "10"]),
        layout_row(
            "（二）部分公开",
            &[(40, "1"), (46, "2"), (48, "3"), (82, "6")],
        ),
    ];
    let r = analyse(&doc(&layout_report(&rows)), Source::default());
    let apps = r.tables.applications.as_ref().expect("table");
    assert_eq!(apps.value("partially_granted", "commercial"), None);
    assert!(rules(&r).contains(&"CELL_AMBIGUOUS"));
    assert!(!rules(&r).contains(&"APP_ROW_SUM"));
}

#[test]
fn headerless_applicant_columns_read_only_full_rows() {
    let text = "海东市人民政府2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n\
        | | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |\n\
        | 一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 1 | 4 |\n\
        | 二、上年结转政府信息公开申请数量 | 1 | 1 |\n\
        | （一）予以公开 | 3 | 0 | 0 | 0 | 0 | 1 | 4 |\n\
        | （七）总计 | 3 | 0 | 0 | 0 | 0 | 1 | 4 |\n";
    let r = analyse(&doc(text), Source::default());
    let apps = r.tables.applications.as_ref().expect("table");
    assert_eq!(apps.value("new_received", "other_org"), Some(1.0));
    assert_eq!(apps.value("new_received", "total"), Some(4.0));
    assert_eq!(
        placement(&r, "applications.new_received.total"),
        Some(Placement::Sequence)
    );
    assert_eq!(apps.value("carried_over", "natural_person"), None);
    assert_eq!(apps.value("carried_over", "total"), None);
    let rs = rules(&r);
    assert!(rs.contains(&"CELL_AMBIGUOUS"), "{rs:?}");
    assert!(!rs.contains(&"APP_BALANCE"), "{rs:?}");
}

#[test]
fn fifteen_review_values_without_header_are_three_groups() {
    let text = "海东市人民政府2023年政府信息公开工作年度报告\n\
        四、政府信息公开行政复议、行政诉讼情况\n\
        1 0 0 0 1 2 0 0 0 2 0 1 0 0 1\n\
        五、存在的主要问题及改进情况\n";
    let r = analyse(&doc(text), Source::default());
    let t = r.tables.review_litigation.as_ref().expect("table");
    assert_eq!(t.value("review", "upheld"), Some(1.0));
    assert_eq!(t.value("litigation_direct", "total"), Some(2.0));
    assert_eq!(t.value("litigation_after_review", "corrected"), Some(1.0));
    assert_eq!(
        placement(&r, "review_litigation.review.total"),
        Some(Placement::Sequence)
    );
}

const GRID_HEAD: &str =
    "海东市人民政府2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n\
    | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n\
    | 一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n\
    | 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n\
    | （一）予以公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n";

#[test]
fn grid_numbers_under_no_label_make_no_sum_error() {
    // a row cut by a page break: its numbers at the foot of one grid, its
    // label (with empty cells) in the next; the numbers stay out and the
    // result sum over them is not checked
    let text = format!(
        "{GRID_HEAD}\
        | | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n\
        | （七）总计 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n\
        | 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    );
    let r = analyse(&doc(&text), Source::default());
    let rs = rules(&r);
    assert!(!rs.contains(&"APP_RESULT_SUM"), "{rs:?}");
    assert!(rs.contains(&"SUM_UNVERIFIED"), "{rs:?}");
    assert!(rs.contains(&"CELL_AMBIGUOUS"), "{rs:?}");
    let apps = r.tables.applications.as_ref().expect("table");
    assert_eq!(apps.value("granted", "natural_person"), Some(2.0));
}

#[test]
fn results_above_their_total_stay_an_error_despite_unplaced_values() {
    // placed results already exceed the placed total: a further count can
    // only widen the gap, so the error is certain
    let text = format!(
        "{GRID_HEAD}\
        | | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n\
        | （七）总计 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n\
        | 四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n"
    );
    let r = analyse(&doc(&text), Source::default());
    let rs = rules(&r);
    assert!(rs.contains(&"APP_RESULT_SUM"), "{rs:?}");
}

fn wrapped_rows(tail: &str) -> Vec<String> {
    let mut rows = opening_rows(
        ["3", "0", "0", "0", "0", "0", "3"],
        ["2", "0", "0", "0", "0", "0", "2"],
    );
    rows.extend([
        "（三）   5.属于三类内部".to_string(),
        full("", ["1", "0", "0", "0", "0", "0", "1"]),
        format!("不予公   {tail}"),
        "开".to_string(),
        full("（七）总计", ["3", "0", "0", "0", "0", "0", "3"]),
        full(
            "四、结转下年度继续办理",
            ["0", "0", "0", "0", "0", "0", "0"],
        ),
    ]);
    rows
}

#[test]
fn a_wrapped_label_split_by_the_group_label_is_recognised() {
    // `5.属于三类内部` / numbers / `不予公   事务信息`: the group label's
    // text lies between the halves of the row label
    let r = analyse(
        &doc(&layout_report(&wrapped_rows("事务信息"))),
        Source::default(),
    );
    let apps = r.tables.applications.as_ref().expect("table");
    assert_eq!(
        apps.value("withheld_internal_affairs", "natural_person"),
        Some(1.0)
    );
    assert_eq!(apps.value("withheld_internal_affairs", "total"), Some(1.0));
    let rs = rules(&r);
    assert!(!rs.contains(&"APP_RESULT_SUM"), "{rs:?}");
    assert!(!rs.contains(&"CELL_AMBIGUOUS"), "{rs:?}");
}

#[test]
fn layout_numbers_whose_label_is_not_recognised_make_no_sum_error() {
    // a label no row matches: its numbers stay out and the result sums
    // are not checked
    let r = analyse(
        &doc(&layout_report(&wrapped_rows("备注说明"))),
        Source::default(),
    );
    let rs = rules(&r);
    assert!(!rs.contains(&"APP_RESULT_SUM"), "{rs:?}");
    assert!(rs.contains(&"SUM_UNVERIFIED"), "{rs:?}");
    assert!(
        r.findings
            .iter()
            .any(|f| f.rule == "SUM_UNVERIFIED" && f.message.contains("行名未能识别")),
        "{:?}",
        r.findings
    );
}

#[test]
fn numbers_below_a_wrapped_label_tail_make_no_sum_error() {
    // numbers printed below the tail of a wrapped label (`出具已获取信息`),
    // the row's own numbers above it: they belong to no label, are not
    // placed and the result sums are not checked
    let mut rows = opening_rows(
        ["3", "0", "0", "0", "0", "0", "3"],
        ["2", "0", "0", "0", "0", "0", "2"],
    );
    rows.extend([
        "     5.要求行政机关确认或重新".to_string(),
        full("", ["0", "0", "0", "0", "0", "0", "0"]),
        "     出具已获取信息".to_string(),
        full("     出具已获取信息", ["1", "0", "0", "0", "0", "0", "1"]),
        full("（七）总计", ["3", "0", "0", "0", "0", "0", "3"]),
        full(
            "四、结转下年度继续办理",
            ["0", "0", "0", "0", "0", "0", "0"],
        ),
    ]);
    let r = analyse(&doc(&layout_report(&rows)), Source::default());
    let rs = rules(&r);
    let apps = r.tables.applications.as_ref().expect("table");
    assert_eq!(apps.value("rejected_confirm", "natural_person"), Some(0.0));
    assert!(!rs.contains(&"APP_RESULT_SUM"), "{rs:?}");
    assert!(rs.contains(&"SUM_UNVERIFIED"), "{rs:?}");
}

#[test]
fn a_second_value_for_a_filled_cell_makes_no_sum_error() {
    // a row label read twice with other numbers: the cell keeps the first
    // value, the second is not placed and the sums are not checked
    let text = format!(
        "{GRID_HEAD}\
        | （一）予以公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n\
        | （七）总计 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n\
        | 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    );
    let r = analyse(&doc(&text), Source::default());
    let rs = rules(&r);
    let apps = r.tables.applications.as_ref().expect("table");
    assert_eq!(apps.value("granted", "natural_person"), Some(2.0));
    assert!(!rs.contains(&"APP_RESULT_SUM"), "{rs:?}");
    assert!(rs.contains(&"SUM_UNVERIFIED"), "{rs:?}");
    assert!(
        r.findings
            .iter()
            .any(|f| f.rule == "CELL_AMBIGUOUS" && f.message.contains("已有数值")),
        "{:?}",
        r.findings
    );
}

#[test]
fn a_row_cut_by_a_page_break_takes_its_label_from_the_next_grid() {
    // the numbers end one part of the table (no label), the label opens
    // the next part (no numbers): one row
    let text = format!(
        "{GRID_HEAD}\
        | 1.本机关不掌握相关政府信息 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n\
        | | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n\
        \n\
        | 3.补正后申请内容仍不明确 | | | | | | | |\n\
        | （七）总计 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |\n\
        | 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    );
    let r = analyse(&doc(&text), Source::default());
    let apps = r.tables.applications.as_ref().expect("table");
    assert_eq!(apps.value("unable_unclear", "natural_person"), Some(1.0));
    assert_eq!(apps.value("unable_unclear", "total"), Some(1.0));
    let rs = rules(&r);
    let msgs: Vec<&str> = r.findings.iter().map(|f| f.message.as_str()).collect();
    assert!(!rs.contains(&"CELL_AMBIGUOUS"), "{msgs:?}");
}

#[test]
fn a_cut_row_whose_next_part_opens_with_numbers_stays_unplaced() {
    let text = format!(
        "{GRID_HEAD}\
        | | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n\
        \n\
        | （七）总计 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n\
        | 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    );
    let r = analyse(&doc(&text), Source::default());
    let rs = rules(&r);
    assert!(rs.contains(&"CELL_AMBIGUOUS"), "{rs:?}");
    assert!(!rs.contains(&"APP_RESULT_SUM"), "{rs:?}");
}

#[test]
fn a_layout_row_whose_label_follows_its_numbers_is_read() {
    // the last row's label printed after its numbers (the next page):
    // the numbers are not glued onto the row before
    let mut rows = opening_rows(
        ["5", "1", "0", "0", "0", "0", "6"],
        ["1", "1", "0", "0", "0", "0", "2"],
    );
    rows.extend([
        full("（七）总计", ["1", "1", "0", "0", "0", "0", "2"]),
        full("", ["4", "0", "0", "0", "0", "0", "4"]),
        "四、结转下年度继续办理".to_string(),
    ]);
    let r = analyse(&doc(&layout_report(&rows)), Source::default());
    let apps = r.tables.applications.as_ref().expect("table");
    assert_eq!(apps.value("total_processed", "natural_person"), Some(1.0));
    assert_eq!(apps.value("carried_forward", "natural_person"), Some(4.0));
    assert_eq!(apps.value("carried_forward", "total"), Some(4.0));
    assert!(!rules(&r).contains(&"TABLE_LAYOUT_LOST"), "{:?}", rules(&r));
}

#[test]
fn a_value_wrapped_around_its_row_joins_it() {
    // `３` above the row and `件` below it in the 总计 column: the cell's
    // text centred on the row; a group label on the same lines stays a label
    let rows = [
        layout_row("三、本年度办", &[(82, "３")]),
        layout_row(
            "一、本年新收政府信息公开申请数量",
            &[
                (40, "３件"),
                (47, "—"),
                (54, "—"),
                (61, "—"),
                (68, "—"),
                (75, "—"),
            ],
        ),
        layout_row("理结果", &[(82, "件")]),
        full(
            "二、上年结转政府信息公开申请数量",
            ["—", "—", "—", "—", "—", "—", "—"],
        ),
    ];
    let r = analyse(&doc(&layout_report(&rows)), Source::default());
    let apps = r.tables.applications.as_ref().expect("table");
    assert_eq!(apps.value("new_received", "natural_person"), Some(3.0));
    assert_eq!(apps.value("new_received", "total"), Some(3.0));
    assert_eq!(apps.value("new_received", "commercial"), None);
}

#[test]
fn a_number_above_a_row_without_its_unit_below_stays_out() {
    let rows = [
        layout_row("", &[(82, "３")]),
        layout_row(
            "一、本年新收政府信息公开申请数量",
            &[
                (40, "３"),
                (47, "—"),
                (54, "—"),
                (61, "—"),
                (68, "—"),
                (75, "—"),
            ],
        ),
        full(
            "二、上年结转政府信息公开申请数量",
            ["—", "—", "—", "—", "—", "—", "—"],
        ),
    ];
    let r = analyse(&doc(&layout_report(&rows)), Source::default());
    let apps = r.tables.applications.as_ref().expect("table");
    assert_eq!(apps.value("new_received", "total"), None);
}

/// The review table's header printed one character a line per column.
fn vertical_review_header(cols: &[usize]) -> Vec<String> {
    let words = [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
    ];
    (0..4)
        .map(|k| {
            let cells: Vec<(usize, String)> = cols
                .iter()
                .zip(words)
                .filter_map(|(c, w)| w.chars().nth(k).map(|ch| (*c, ch.to_string())))
                .collect();
            let refs: Vec<(usize, &str)> = cells.iter().map(|(c, s)| (*c, s.as_str())).collect();
            layout_row("", &refs)
        })
        .collect()
}

#[test]
fn review_values_take_columns_from_a_vertical_header() {
    let cols: Vec<usize> = (0..15).map(|k| 4 + 5 * k).collect();
    let mut text = String::from(
        "海东市人民政府2023年政府信息公开工作年度报告\n四、政府信息公开行政复议、行政诉讼情况\n",
    );
    text.push_str("    行政复议                    行政诉讼\n");
    for l in vertical_review_header(&cols) {
        text.push_str(&l);
        text.push('\n');
    }
    text.push_str(&layout_row(
        "",
        &[
            (cols[0], "1"),
            (cols[1], "1"),
            (cols[2], "1"),
            (cols[4], "3"),
        ],
    ));
    text.push_str("\n五、存在的主要问题及改进情况\n");
    let r = analyse(&doc(&text), Source::default());
    let rev = r.tables.review_litigation.as_ref().expect("table");
    assert_eq!(rev.value("review", "upheld"), Some(1.0));
    assert_eq!(rev.value("review", "other"), Some(1.0));
    assert_eq!(rev.value("review", "pending"), None);
    assert_eq!(rev.value("review", "total"), Some(3.0));
    assert_eq!(
        placement(&r, "review_litigation.review.total"),
        Some(Placement::Geometry)
    );
}

#[test]
fn a_review_value_between_two_header_columns_is_not_placed() {
    let cols: Vec<usize> = (0..15).map(|k| 4 + 6 * k).collect();
    let mut text = String::from(
        "海东市人民政府2023年政府信息公开工作年度报告\n四、政府信息公开行政复议、行政诉讼情况\n",
    );
    text.push_str("    行政复议                    行政诉讼\n");
    for l in vertical_review_header(&cols) {
        text.push_str(&l);
        text.push('\n');
    }
    // `3` three characters right of 尚未审结, three left of 总计
    text.push_str(&layout_row("", &[(cols[0], "1"), (cols[3] + 3, "3")]));
    text.push_str("\n五、存在的主要问题及改进情况\n");
    let r = analyse(&doc(&text), Source::default());
    let rev = r.tables.review_litigation.as_ref().expect("table");
    assert_eq!(rev.value("review", "total"), None);
    assert_eq!(rev.value("review", "pending"), None);
    assert!(
        r.findings
            .iter()
            .any(|f| f.rule == "TABLE_LAYOUT_LOST" && f.message.contains("两列之间")),
        "{:?}",
        rules(&r)
    );
}

/// Flattened text (`pdftotext` without `-layout`): one token a line.
fn flattened(tokens: &[&str]) -> String {
    let mut t = String::from(
        "海东市人民政府2023年政府信息公开工作年度报告\n一、总体情况\n全年共收到政府信息公开申请14件。\n三、收到和处理政府信息公开申请情况\n",
    );
    for tok in tokens {
        t.push_str(tok);
        t.push('\n');
    }
    t.push_str("四、政府信息公开行政复议、行政诉讼情况\n");
    t
}

#[test]
fn the_headers_total_after_the_first_row_label_is_no_row() {
    // the first row's label printed before the header: the header's 总计
    // does not make its numbers （七）总计's
    let text = flattened(&[
        "申请人情况",
        "自然人",
        "一、本年新收政府信息公开申请数量",
        "法人或其他组织",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
        "14",
        "14",
        "二、上年结转政府信息公开申请数量",
        "0",
        "0",
    ]);
    let r = analyse(&doc(&text), Source::default());
    let apps = r.tables.applications.as_ref().expect("table");
    assert_eq!(apps.value("total_processed", "total"), None);
    assert_eq!(apps.value("new_received", "total"), Some(14.0));
}

#[test]
fn an_unplaced_value_in_a_table_read_in_order_blocks_every_identity() {
    // read in reading order only: the row a value was read under is a
    // guess, so a value left out may belong to any row; no balance error
    // and no text-table mismatch over a blank of ours
    let text = flattened(&[
        "一、本年新收政府信息公开申请数量",
        "14",
        "14",
        "（二）部分公开",
        "1",
        "1",
        "13",
        "13",
        "1",
        "1",
    ]);
    let r = analyse(&doc(&text), Source::default());
    let rs = rules(&r);
    assert!(rs.contains(&"CELL_AMBIGUOUS"), "{rs:?}");
    assert!(!rs.contains(&"APP_BALANCE"), "{rs:?}");
    assert!(rs.contains(&"SUM_UNVERIFIED"), "{rs:?}");
    assert!(!rs.contains(&"TEXT_TABLE_MISMATCH"), "{rs:?}");
}

/// Flattened review table: the tokens after its section heading.
fn flattened_review(tokens: &[&str]) -> Report {
    let mut t = String::from(
        "海东市人民政府2023年政府信息公开工作年度报告\n四、政府信息公开行政复议、行政诉讼情况\n",
    );
    for tok in tokens {
        t.push_str(tok);
        t.push('\n');
    }
    t.push_str("五、存在的主要问题及改进情况\n");
    analyse(&doc(&t), Source::default())
}

#[test]
fn review_values_interleaved_with_headings_that_do_not_add_up_are_not_placed() {
    // each cell written after its heading, one value (11) out of place:
    // in order the first group would read 11 27 4 4 | 5
    let mut tokens = vec![
        "总计",
        "11",
        "复议后起诉",
        "结果维持",
        "27",
        "结果纠正",
        "4",
        "其他结果",
        "4",
        "尚未审结",
        "5",
        "40",
    ];
    tokens.extend(["0"; 10]);
    let r = flattened_review(&tokens);
    let rev = r.tables.review_litigation.as_ref().expect("table");
    assert_eq!(rev.value("review", "upheld"), None);
    assert!(rules(&r).contains(&"TABLE_LAYOUT_LOST"), "{:?}", rules(&r));
}

#[test]
fn review_values_interleaved_with_headings_that_add_up_are_placed() {
    let mut tokens = vec![
        "行政复议",
        "结果维持",
        "结果纠正",
        "其他结果",
        "1",
        "1",
        "1",
        "行政诉讼",
        "尚未审结",
        "—",
        "总计",
        "3",
    ];
    tokens.extend(["—"; 10]);
    let r = flattened_review(&tokens);
    let rev = r.tables.review_litigation.as_ref().expect("table");
    assert_eq!(rev.value("review", "upheld"), Some(1.0));
    assert_eq!(rev.value("review", "total"), Some(3.0));
}

#[test]
fn active_numbers_printed_before_their_row_labels_are_not_placed() {
    // a column dump: the numbers first, the row labels after them
    let text = "海东市人民政府2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n\
        第二十条第（一）项\n本年制发件数\n本年废止件数\n现行有效件数\n2\n1\n38\n13\n9\n112\n\
        信息内容\n规章\n行政规范性文件\n三、收到和处理政府信息公开申请情况\n";
    let r = analyse(&doc(text), Source::default());
    let rs = rules(&r);
    assert!(rs.contains(&"TABLE_LAYOUT_LOST"), "{rs:?}");
    let missing_active = r
        .findings
        .iter()
        .any(|f| f.rule == "TABLE_MISSING" && f.message.contains("主动公开"));
    assert!(!missing_active, "{rs:?}");
    let act = r.tables.active.as_ref().expect("table");
    assert_eq!(act.value("rules", "issued"), None);
}

#[test]
fn a_misread_number_in_an_active_row_keeps_its_place() {
    // 2019 edition: 上一年项目数量 | 本年增/减 | 处理决定数量; `在1` is a 41
    // read as text, and must not move -13 and 2 one field left
    let text = "海东市人民政府2019年政府信息公开工作年度报告\n二、主动公开政府信息情况\n\
        | 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n\
        | 行政处罚 | 912 | -53 | 212 |\n\
        | 行政强制 | 在1 | -13 | 2 |\n";
    let r = analyse(&doc(text), Source::default());
    let active = r.tables.active.as_ref().expect("active table");
    let coercion = active.get("coercion").expect("coercion row");
    let v = |f: &str| coercion.get(f).copied().flatten().map(|n| n.0);
    assert_eq!(
        (v("previous"), v("change"), v("decisions")),
        (None, Some(-13.0), Some(2.0))
    );
    assert!(rules(&r).contains(&"CELL_AMBIGUOUS"), "{:?}", rules(&r));
}

/// An applications grid whose rows are given as (label, seven values);
/// with `ocr` every cell carries a recognition confidence, as the OCR
/// adapter's cells do.
fn applications_grid(rows: &[(&str, [&str; 7])], ocr: bool) -> Document {
    let mut text = String::from(
        "海东市人民政府2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n\
         | 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n",
    );
    for (label, v) in rows {
        text.push_str(&format!("| {label} | {} |\n", v.join(" | ")));
    }
    text.push_str("四、政府信息公开行政复议、行政诉讼情况\n");
    let mut d = doc(&text);
    if ocr {
        for c in table_cells(&mut d) {
            c.pos.confidence = Some(90.0);
        }
    }
    d
}

const ZEROS: [&str; 7] = ["0", "0", "0", "0", "0", "0", "0"];

/// The first two rows of the applications grids below.
const NEW_RECEIVED: (&str, [&str; 7]) = (
    "一、本年新收政府信息公开申请数量",
    ["3", "1", "0", "0", "0", "0", "4"],
);
const CARRIED_OVER: (&str, [&str; 7]) = ("二、上年结转政府信息公开申请数量", ZEROS);

/// The cell at `row`, `col` of every table of `d` read too unsurely to
/// use, as the OCR adapter leaves it: blank, with the text read (`text`,
/// or the cell's own) at confidence 0.
fn unsure_cell(d: &mut Document, row: usize, col: usize, text: Option<&str>) {
    for b in &mut d.blocks {
        if let xxgknb_core::Block::Table(t) = b {
            if let Some(c) = t.rows.get_mut(row).and_then(|r| r.get_mut(col)) {
                let read = text.map_or_else(|| c.text.clone(), str::to_string);
                c.uncertain = Some(xxgknb_core::document::UncertainRead {
                    text: read,
                    confidence: 0.0,
                });
                c.text.clear();
            }
        }
    }
}

/// Every cell of every table of `d`.
fn table_cells(d: &mut Document) -> impl Iterator<Item = &mut xxgknb_core::Cell> {
    d.blocks.iter_mut().flat_map(|b| match b {
        xxgknb_core::Block::Table(t) => t.rows.iter_mut().flatten().collect::<Vec<_>>(),
        _ => Vec::new(),
    })
}

fn granted_between(label: &str, ocr: bool) -> Report {
    let rows = [
        NEW_RECEIVED,
        CARRIED_OVER,
        (label, ["2", "1", "0", "0", "0", "0", "3"]),
        ("（二）部分公开", ["1", "0", "0", "0", "0", "0", "1"]),
        ("1.属于国家秘密", ZEROS),
    ];
    analyse(&applications_grid(&rows, ocr), Source::default())
}

#[test]
fn a_scanned_row_label_read_past_recognition_is_the_row_its_place_gives() {
    // `(一)予以公开` read as `(全种以公开`: between 上年结转 and 部分公开
    // the form prints one row, so the line is 予以公开
    let r = granted_between("(全种以公开", true);
    let apps = r.tables.applications.as_ref().expect("applications");
    assert_eq!(apps.value("granted", "natural_person"), Some(2.0));
    assert_eq!(apps.value("granted", "total"), Some(3.0));
    assert!(!rules(&r).contains(&"CELL_AMBIGUOUS"), "{:?}", rules(&r));
    // a label cell read as nothing is placed the same way
    let r = granted_between("", true);
    let apps = r.tables.applications.as_ref().expect("applications");
    assert_eq!(apps.value("granted", "total"), Some(3.0));
}

#[test]
fn a_printed_row_label_that_names_no_row_is_never_given_one_by_its_place() {
    // the same line in a text table is the report's own row: not placed
    let r = granted_between("(全种以公开", false);
    let apps = r.tables.applications.as_ref().expect("applications");
    assert_eq!(apps.value("granted", "total"), None);
    assert!(rules(&r).contains(&"CELL_AMBIGUOUS"), "{:?}", rules(&r));
}

#[test]
fn unreadable_scanned_rows_are_placed_by_order_only_when_their_count_fits() {
    // two unreadable lines where the form prints one row: neither placed
    let rows = [
        NEW_RECEIVED,
        CARRIED_OVER,
        ("(全种以公开", ["2", "1", "0", "0", "0", "0", "3"]),
        ("coopatley", ["1", "0", "0", "0", "0", "0", "1"]),
        ("（二）部分公开", ["1", "0", "0", "0", "0", "0", "1"]),
        ("1.属于国家秘密", ZEROS),
    ];
    let r = analyse(&applications_grid(&rows, true), Source::default());
    let apps = r.tables.applications.as_ref().expect("applications");
    assert_eq!(apps.value("granted", "total"), None);
    assert!(rules(&r).contains(&"CELL_AMBIGUOUS"), "{:?}", rules(&r));
    // the 2021 edition's three （六） sub-rows between 确认 and 总计
    let rows = [
        NEW_RECEIVED,
        CARRIED_OVER,
        ("（一）予以公开", ["1", "0", "0", "0", "0", "0", "1"]),
        ("5.要求行政机关确认或重新出具已获取信息", ZEROS),
        (
            "1申请人无正当理由半期不鹤下",
            ["1", "0", "0", "0", "0", "0", "1"],
        ),
        ("", ["0", "1", "0", "0", "0", "0", "1"]),
        ("3,其他", ["1", "0", "0", "0", "0", "0", "1"]),
        ("（七）总计", ["3", "1", "0", "0", "0", "0", "4"]),
    ];
    let r = analyse(&applications_grid(&rows, true), Source::default());
    let apps = r.tables.applications.as_ref().expect("applications");
    assert_eq!(apps.value("other_overdue_correction", "total"), Some(1.0));
    assert_eq!(apps.value("other_overdue_fee", "commercial"), Some(1.0));
    assert_eq!(apps.value("other_other", "natural_person"), Some(1.0));
    assert_eq!(apps.value("other_handling", "total"), None);
}

#[test]
fn an_unsure_reading_left_of_the_applicant_columns_leaves_the_sums_checked() {
    // a group label cell read as digits too unsure to use, in the label
    // column: no applicant column is there, so 部分公开's wrong total is
    // still an error, not an unchecked sum
    let rows = [
        NEW_RECEIVED,
        CARRIED_OVER,
        ("（一）予以公开", ["2", "1", "0", "0", "0", "0", "3"]),
        ("", ["1", "0", "0", "0", "0", "0", "2"]),
        ("1.属于国家秘密", ZEROS),
    ];
    let mut d = applications_grid(&rows, true);
    unsure_cell(&mut d, 4, 0, Some("3／《2"));
    let r = analyse(&d, Source::default());
    let rs = rules(&r);
    assert!(rs.contains(&"OCR_UNCERTAIN"), "{rs:?}");
    assert!(rs.contains(&"APP_ROW_SUM"), "{rs:?}");
    assert!(!rs.contains(&"SUM_UNVERIFIED"), "{rs:?}");
}

#[test]
fn an_active_grid_whose_scanned_values_were_all_blanked_is_still_the_table() {
    // a column line not found: the OCR adapter blanks every value of the
    // grid as unsure; the table is there, its cells unknown, not missing
    let text = "海东市人民政府2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n\
        | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n\
        | 规章 |  |  |  |\n\
        | 行政规范性文件 |  |  |  |\n\
        三、收到和处理政府信息公开申请情况\n";
    let mut d = doc(text);
    for b in &mut d.blocks {
        if let xxgknb_core::Block::Table(t) = b {
            for row in t.rows.iter_mut().skip(1) {
                for c in row.iter_mut().skip(1) {
                    c.pos.confidence = Some(0.0);
                    c.uncertain = Some(xxgknb_core::document::UncertainRead {
                        text: "1（表格列线未能识别）".into(),
                        confidence: 96.0,
                    });
                }
            }
        }
    }
    let r = analyse(&d, Source::default());
    let rs = rules(&r);
    let active_missing = r
        .findings
        .iter()
        .any(|f| f.rule == "TABLE_MISSING" && f.message.contains("主动公开"));
    assert!(!active_missing, "{:?}", r.findings);
    assert!(rs.contains(&"OCR_UNCERTAIN"), "{rs:?}");
    let act = r.tables.active.as_ref().expect("active table");
    assert_eq!(act.value("rules", "issued"), None);
}

/// A 2021 active table (the fifth and sixth items), its cells read by OCR
/// when `ocr`.
fn active_grid(penalty_label: &str, ocr: bool) -> Report {
    let text = format!(
        "海东市人民政府2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n\
         | 信息内容 | 本年处理决定数量 |\n\
         | 行政许可 | 5 |\n\
         | {penalty_label} | 3 |\n\
         | 行政强制 | 2 |\n\
         三、收到和处理政府信息公开申请情况\n"
    );
    let mut d = doc(&text);
    if ocr {
        for c in table_cells(&mut d) {
            c.pos.confidence = Some(90.0);
        }
    }
    analyse(&d, Source::default())
}

#[test]
fn a_scanned_active_label_with_one_character_misread_is_its_row() {
    let value = |r: &Report, row: &str| {
        r.tables
            .active
            .as_ref()
            .and_then(|a| a.get(row))
            .and_then(|f| f.get("decisions").copied().flatten())
            .map(|n| n.0)
    };
    // `行政处团` for 行政处罚, read from a picture
    let r = active_grid("行政处团", true);
    assert_eq!(value(&r, "penalty"), Some(3.0));
    assert_eq!(value(&r, "coercion"), Some(2.0));
    // printed text is never matched so
    let r = active_grid("行政处团", false);
    assert_eq!(value(&r, "penalty"), None);
    // a character lost
    assert_eq!(value(&active_grid("行政处", true), "penalty"), Some(3.0));
    // two characters off, or as near two rows' words: no row
    assert_eq!(value(&active_grid("行政团团", true), "penalty"), None);
    assert_eq!(value(&active_grid("行政处制", true), "penalty"), None);
    assert_eq!(value(&active_grid("行政", true), "penalty"), None);
}

/// An applications grid read by OCR whose 总计 header was misread (no
/// column is the total's), the `unsure` cell of its partially-granted row
/// (0–6) too unsure to use.
fn grid_without_total_header(unsure: usize) -> Report {
    let mut text = String::from(
        "海东市人民政府2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n\
         | 申请人情况 | 自然不 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 名 |\n",
    );
    let rows = [
        NEW_RECEIVED,
        CARRIED_OVER,
        ("（一）予以公开", ["2", "1", "0", "0", "0", "0", "3"]),
        ("（二）部分公开", ["2", "2", "0", "0", "0", "0", "4"]),
    ];
    for (label, v) in rows {
        text.push_str(&format!("| {label} | {} |\n", v.join(" | ")));
    }
    text.push_str("四、政府信息公开行政复议、行政诉讼情况\n");
    let mut d = doc(&text);
    for c in table_cells(&mut d) {
        c.pos.confidence = Some(90.0);
    }
    unsure_cell(&mut d, 4, 1 + unsure, None);
    analyse(&d, Source::default())
}

#[test]
fn an_unsure_scanned_total_keeps_its_place_in_a_row_read_by_count() {
    let r = grid_without_total_header(6);
    let app = r.tables.applications.as_ref().expect("applications");
    let v = |f: &str| app.value("partially_granted", f);
    // the row's last number is 其他's 0, not its 总计
    assert_eq!(v("other_org"), Some(0.0));
    assert_eq!(v("total"), None);
    assert_eq!(v("commercial"), Some(2.0));
    assert!(rules(&r).contains(&"OCR_UNCERTAIN"), "{:?}", rules(&r));
    // the other rows are read as before
    assert_eq!(app.value("granted", "total"), Some(3.0));
}

#[test]
fn a_scanned_value_read_as_text_is_reported_and_leaves_the_row_read() {
    // `3件` in 总计 read as `可件`: the row's other values are read, the
    // total is unknown (OCR_UNCERTAIN), and no sum over it is an error
    let rows = [
        (
            "一、本年新收政府信息公开申请数量",
            ["3", "0", "0", "0", "0", "0", "可件"],
        ),
        CARRIED_OVER,
        ("（一）予以公开", ["3", "0", "0", "0", "0", "0", "3"]),
    ];
    let r = analyse(&applications_grid(&rows, true), Source::default());
    let app = r.tables.applications.as_ref().expect("applications");
    assert_eq!(app.value("new_received", "natural_person"), Some(3.0));
    assert_eq!(app.value("new_received", "total"), None);
    let rs = rules(&r);
    assert!(rs.contains(&"OCR_UNCERTAIN"), "{rs:?}");
    assert!(!rs.contains(&"APP_ROW_SUM"), "{rs:?}");
    // printed text (no OCR) keeps the old reading of such a row
    let r = analyse(&applications_grid(&rows, false), Source::default());
    assert!(!rules(&r).contains(&"OCR_UNCERTAIN"));
}

#[test]
fn a_scanned_narrative_line_with_an_unsure_number_is_not_compared() {
    // the narrative says 9 applications, the table 4: a finding, unless
    // the line was read from a picture with too little confidence
    let with_confidence = |conf: Option<f32>| {
        let mut text = String::from(
            "海东市人民政府2023年政府信息公开工作年度报告\n\
             本年度共收到政府信息公开申请9件。\n\
             三、收到和处理政府信息公开申请情况\n\
             | 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n",
        );
        for (label, v) in [NEW_RECEIVED, CARRIED_OVER] {
            text.push_str(&format!("| {label} | {} |\n", v.join(" | ")));
        }
        let mut d = doc(&text);
        for b in &mut d.blocks {
            if let xxgknb_core::Block::Paragraph(p) = b {
                p.pos.confidence = conf;
            }
        }
        rules(&analyse(&d, Source::default())).contains(&"TEXT_TABLE_MISMATCH")
    };
    assert!(with_confidence(None));
    assert!(with_confidence(Some(92.0)));
    assert!(!with_confidence(Some(56.0)));
}

#[test]
fn an_unsure_reading_in_the_header_leaves_the_sums_checked() {
    // a column title read as digits too unsure to use: no value is
    // there, so 予以公开's wrong total is still an error
    let rows = [
        NEW_RECEIVED,
        CARRIED_OVER,
        ("（一）予以公开", ["2", "1", "0", "0", "0", "0", "4"]),
    ];
    let mut d = applications_grid(&rows, true);
    unsure_cell(&mut d, 0, 0, Some("1／188"));
    let r = analyse(&d, Source::default());
    let rs = rules(&r);
    assert!(rs.contains(&"OCR_UNCERTAIN"), "{rs:?}");
    assert!(rs.contains(&"APP_ROW_SUM"), "{rs:?}");
    assert!(!rs.contains(&"SUM_UNVERIFIED"), "{rs:?}");
}
