//! Every validation rule, once: its id, default severity, a short Chinese
//! title, a one-paragraph Chinese explanation (what it checks, why it
//! matters, an example) and what it rests on. Findings are made from a
//! [`Rule`] ([`Rule::finding`]), never from an id spelled at the call site;
//! `xxgknb rules` prints this list, and a test checks the README rule table
//! and `docs/model.md` against it.

use crate::model::{Finding, Location, Severity};

/// One validation rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable id, e.g. `APP_BALANCE` (MODEL.md).
    pub id: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// A short Chinese title (what is wrong).
    pub title: &'static str,
    /// What it checks, why it matters and an example, in Chinese.
    pub explanation: &'static str,
    /// The regulation, official format or fact it relies on.
    pub basis: &'static str,
}

impl Rule {
    /// A finding of this rule with its default severity.
    pub fn finding(&self, message: String, location: Location) -> Finding {
        Finding {
            rule: self.id.to_string(),
            severity: self.severity,
            message,
            location,
        }
    }
}

/// The official form of 2021 (国办公开办函〔2021〕30号), as cited below.
const FORMAT_2021: &str =
    "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）";

/// TABLE_MISSING.
pub const TABLE_MISSING: Rule = Rule {
    id: "TABLE_MISSING",
    severity: Severity::Error,
    title: "统计表缺失",
    explanation: "年度报告应包含三张统计表：主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况。缺少其中任何一张，报告就无法反映该项工作，也无法校验勾稽关系。例如：报告只有文字说明“本年度未收到申请”而没有表格。",
    basis: "《中华人民共和国政府信息公开条例》第五十条；年度报告格式（国办公开办函〔2021〕30号）第二、三、四部分的表格",
};

/// SECTION_MISSING.
pub const SECTION_MISSING: Rule = Rule {
    id: "SECTION_MISSING",
    severity: Severity::Warning,
    title: "章节缺失",
    explanation: "年度报告格式规定六个部分：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项。缺少某一部分（或标题无法识别）时提示。例如：报告没有“五、存在的主要问题及改进情况”。电子表格不含章节，不检查。",
    basis: "《中华人民共和国政府信息公开条例》第五十条；年度报告格式（国办公开办函〔2021〕30号）的六个部分",
};

/// APP_ROW_SUM.
pub const APP_ROW_SUM: Rule = Rule {
    id: "APP_ROW_SUM",
    severity: Severity::Error,
    title: "申请表行合计不符",
    explanation: "收到和处理政府信息公开申请情况表中，每一行的“总计”列应等于自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他六类申请人之和。例如：“一、本年新收政府信息公开申请数量”自然人 3、商业企业 1，其余为 0，总计却填 5。",
    basis: "年度报告格式（国办公开办函〔2021〕30号）第三部分表格“申请人情况”：自然人、法人或其他组织（商业企业、科研机构、社会公益组织、法律服务机构、其他）、总计",
};

/// APP_RESULT_SUM.
pub const APP_RESULT_SUM: Rule = Rule {
    id: "APP_RESULT_SUM",
    severity: Severity::Error,
    title: "办理结果合计不符",
    explanation: "同一列中，“（七）总计”应等于各项办理结果之和：（一）予以公开、（二）部分公开、（三）不予公开各项、（四）无法提供各项、（五）不予处理各项、（六）其他处理各项。例如：予以公开 10、不予公开 2，（七）总计却填 11。",
    basis: "年度报告格式（国办公开办函〔2021〕30号）第三部分表格“三、本年度办理结果”各行与“（七）总计”",
};

/// APP_BALANCE.
pub const APP_BALANCE: Rule = Rule {
    id: "APP_BALANCE",
    severity: Severity::Error,
    title: "申请收支不平衡",
    explanation: "同一列中，本年新收 + 上年结转 应等于 本年度办理结果总计 + 结转下年度继续办理：每一件申请要么在本年办结，要么结转下年。例如：本年新收 14、上年结转 1，办理结果总计 13、结转下年度 0，差 2 件下落不明。",
    basis: "年度报告格式（国办公开办函〔2021〕30号）第三部分表格“一、本年新收”“二、上年结转”“三、本年度办理结果（七）总计”“四、结转下年度继续办理”",
};

/// REVIEW_SUM.
pub const REVIEW_SUM: Rule = Rule {
    id: "REVIEW_SUM",
    severity: Severity::Error,
    title: "复议诉讼合计不符",
    explanation: "政府信息公开行政复议、行政诉讼情况表的三组（行政复议；未经复议直接起诉；复议后起诉）中，“总计”应等于结果维持 + 结果纠正 + 其他结果 + 尚未审结。例如：行政复议结果维持 1、结果纠正 1，总计却填 1。",
    basis: "年度报告格式（国办公开办函〔2021〕30号）第四部分表格：结果维持、结果纠正、其他结果、尚未审结、总计",
};

/// NEGATIVE_VALUE.
pub const NEGATIVE_VALUE: Rule = Rule {
    id: "NEGATIVE_VALUE",
    severity: Severity::Error,
    title: "出现负数",
    explanation: "件数、数量不可能为负。2019 年版格式中“本年增/减”一列可以为负，不在此列。例如：本年新收申请填 -3。",
    basis: "统计口径：表中各项为件数或数量；2019 年版格式的“本年增/减”除外",
};

/// PERIOD_NOT_FULL_YEAR.
pub const PERIOD_NOT_FULL_YEAR: Rule = Rule {
    id: "PERIOD_NOT_FULL_YEAR",
    severity: Severity::Warning,
    title: "统计期限不是全年",
    explanation: "年度报告报告的是上一年度的工作，统计期限应为该年 1 月 1 日至 12 月 31 日。期限短于全年，表中数字就不是全年数据，与其他机关、其他年份不可比。例如：“本报告数据统计期限为2022年1月1日至2022年12月28日”。",
    basis: "《中华人民共和国政府信息公开条例》第四十九条：提交并公布本行政机关上一年度政府信息公开工作年度报告",
};

/// RULES_NOT_AUTHORIZED.
pub const RULES_NOT_AUTHORIZED: Rule = Rule {
    id: "RULES_NOT_AUTHORIZED",
    severity: Severity::Warning,
    title: "无规章制定权却填报规章",
    explanation: "只有省、自治区、直辖市和设区的市、自治州的人民政府可以制定规章；县级及以下机关填报了规章的制发、现行有效件数，多半是把规范性文件填进了规章一行。例如：某县人民政府办公室报告“规章 本年制发 2 件”。",
    basis: "《中华人民共和国立法法》（2023年修正）第九十三条：省、自治区、直辖市和设区的市、自治州的人民政府，可以根据法律、行政法规和本省、自治区、直辖市的地方性法规，制定规章",
};

/// TEXT_TABLE_MISMATCH.
pub const TEXT_TABLE_MISMATCH: Rule = Rule {
    id: "TEXT_TABLE_MISMATCH",
    severity: Severity::Warning,
    title: "正文与表格不符",
    explanation: "正文中明确陈述的数字（如“共收到政府信息公开申请14件”“行政复议2起”）应与表格中对应的数字一致；只比较主语明确的句子。例如：正文说收到申请 14 件，表三本年新收总计为 12。",
    basis: "同一报告内正文与统计表应当一致",
};

/// OUTDATED_FORMAT.
pub const OUTDATED_FORMAT: Rule = Rule {
    id: "OUTDATED_FORMAT",
    severity: Severity::Info,
    title: "使用旧版格式",
    explanation: "2021 年度及以后的报告应使用 2021 年版格式；仍用 2019 年版的主动公开表（本年新制作、本年新公开、对外公开总数量等列）或把“（六）其他处理”写成一行而不分三项时提示。例如：2022 年度报告的主动公开表列为“本年新制作数量、本年新公开数量、对外公开总数量”。",
    basis: FORMAT_2021,
};

/// NONSTANDARD_LABEL.
pub const NONSTANDARD_LABEL: Rule = Rule {
    id: "NONSTANDARD_LABEL",
    severity: Severity::Info,
    title: "标签不规范",
    explanation: "表格的行、列标签与官方格式的写法不同（如用“政务公开申请”代替“政府信息公开申请”、“规范性文件”代替“行政规范性文件”、异体字“査”）。数值仍按其所在行读取，但应改用标准写法。例如：“三、本年度办理结果（三）不予公开 1.属于国家秘秘密”。",
    basis: FORMAT_2021,
};

/// UNIT_CONVERTED.
pub const UNIT_CONVERTED: Rule = Rule {
    id: "UNIT_CONVERTED",
    severity: Severity::Info,
    title: "金额单位已换算",
    explanation: "行政事业性收费的金额应以“万元”填报；报告以“元”填写时，模型中的数值已换算为万元（原文数字在提示中给出）。例如：收费金额印为“75394432.52元”，模型中为 7539.443252（万元）。",
    basis: "年度报告格式（国办公开办函〔2021〕30号）第二部分表格“行政事业性收费 收费金额（单位：万元）”",
};

/// TABLE_LAYOUT_LOST.
pub const TABLE_LAYOUT_LOST: Rule = Rule {
    id: "TABLE_LAYOUT_LOST",
    severity: Severity::Warning,
    title: "表格版式丢失",
    explanation: "从已丢失版式的文本（如不带 -layout 的 pdftotext 输出，数字逐列排列、空白单元格被略去）中无法可靠地判断每个数字属于哪个单元格；宁可不提取，也不把数字放错格。例如：表三的数字在文本中排成一列。这是本工具的读取结果，不是原报告的错误；请使用原始 PDF/Word 文件。",
    basis: "xxgknb 读取结果（非原报告错误）",
};

/// CELL_AMBIGUOUS.
pub const CELL_AMBIGUOUS: Rule = Rule {
    id: "CELL_AMBIGUOUS",
    severity: Severity::Warning,
    title: "数值无法确定单元格",
    explanation: "从带位置的文本（如 pdftotext -layout 输出、无框线的 PDF 表格）中读出的数值，落在两列之间、与同一行另一数值落在同一列，或所在行没有可依的列位置（表头未标明申请人列且该行不是恰好七个数值）时，不填入任何单元格，该格保持空白并在此说明可能所属的列和原因。例如：某行“3”恰在“商业企业”与“科研机构”两列之间。这是本工具的读取结果，不是原报告的错误。",
    basis: "xxgknb 读取结果（非原报告错误）：宁可留空，不放错格",
};

/// SUM_UNVERIFIED.
pub const SUM_UNVERIFIED: Rule = Rule {
    id: "SUM_UNVERIFIED",
    severity: Severity::Warning,
    title: "合计无法核对",
    explanation: "某个勾稽关系（APP_ROW_SUM、APP_RESULT_SUM、APP_BALANCE、REVIEW_SUM）涉及的单元格是本工具未能放置的数值（见 CELL_AMBIGUOUS、TABLE_LAYOUT_LOST），该空白不是原文的空白，因此只提示无法核对，不报错误。例如：（七）总计一行有一个数值未能确定所属列，该行合计不再核对。",
    basis: "xxgknb 读取结果（非原报告错误）",
};

/// OCR_UNCERTAIN.
pub const OCR_UNCERTAIN: Rule = Rule {
    id: "OCR_UNCERTAIN",
    severity: Severity::Warning,
    title: "扫描件数值识别不确定",
    explanation: "扫描件或图片版报告中的数值由光学字符识别（OCR）读出；某个单元格的识别置信度低于阈值，或两次识别结果不一致时，不采用该数值，该格保持空白，并在此给出单元格位置、识别出的文字和置信度，请对照原件核对；涉及该格的合计不再核对（SUM_UNVERIFIED）。例如：第5页表格第4行第3列识别为“8”，置信度62。这是本工具的读取结果，不是原报告的错误。",
    basis: "xxgknb 读取结果（非原报告错误）",
};

/// CARRY_MISMATCH.
pub const CARRY_MISMATCH: Rule = Rule {
    id: "CARRY_MISMATCH",
    severity: Severity::Error,
    title: "跨年结转不符",
    explanation: "同一机关相邻两年的报告中，本年“二、上年结转政府信息公开申请数量”应等于上年“四、结转下年度继续办理”（逐列比较）。例如：2022 年度报告结转下年度 3 件，2023 年度报告上年结转却为 5 件。",
    basis: "年度报告格式（国办公开办函〔2021〕30号）第三部分表格“二、上年结转”与“四、结转下年度继续办理”",
};

/// IN_FORCE_CHAIN.
pub const IN_FORCE_CHAIN: Rule = Rule {
    id: "IN_FORCE_CHAIN",
    severity: Severity::Warning,
    title: "现行有效件数不连续",
    explanation: "同一机关相邻两年的报告中，上年现行有效件数 + 本年制发件数 − 本年废止件数 应等于本年现行有效件数（规章、行政规范性文件各自比较）。例如：上年现行有效 10 件，本年制发 1 件、废止 0 件，本年现行有效却为 20 件。",
    basis: "年度报告格式（国办公开办函〔2021〕30号）第二部分表格“本年制发件数”“本年废止件数”“现行有效件数”",
};

/// PUBLISHED_LATE.
pub const PUBLISHED_LATE: Rule = Rule {
    id: "PUBLISHED_LATE",
    severity: Severity::Warning,
    title: "年度报告公布逾期",
    explanation: "县级以上地方人民政府的各部门应在每年 1 月 31 日前公布本机关上一年度的年度报告；本级人民政府的年度报告由政府信息公开工作主管部门在 3 月 31 日前公布。期限按报告机关判断：名称以“人民政府”“政府”结尾（或为管委会）的按本级政府报告（3 月 31 日），局、委、办公室、中心等按部门报告（1 月 31 日）；乡镇、街道的报告条例未规定期限，不检查。比较的是落款日期，没有落款时用网页的发布日期。例如：刚察县人民政府办公室 2022 年度报告落款“2023年2月6日”，晚于 1 月 31 日。政府办公室代本级政府发布的报告会被误按部门报告判断，落款日期也可能是成文而非公布日期。",
    basis: "《中华人民共和国政府信息公开条例》第四十九条：县级以上地方人民政府的各部门应当在每年1月31日前向本级政府信息公开工作主管部门提交本行政机关上一年度政府信息公开工作年度报告并向社会公布。县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前向社会公布本级政府上一年度政府信息公开工作年度报告",
};

/// FEE_NOT_REPORTED.
pub const FEE_NOT_REPORTED: Rule = Rule {
    id: "FEE_NOT_REPORTED",
    severity: Severity::Warning,
    title: "未报告信息处理费",
    explanation: "2021 年度及以后的报告，第六部分“其他需要报告的事项”应说明本年度收取信息处理费的情况（收取的金额，或未收取）。第六部分只写“无。”或只写其他事项、没有提到信息处理费时提示；没有第六部分时由 SECTION_MISSING 报告。例如：2022 年度报告第六部分全文为“无。”。",
    basis: "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）；年度报告格式（国办公开办函〔2021〕30号）第六部分“其他需要报告的事项”",
};

/// BLANK_CELLS.
pub const BLANK_CELLS: Rule = Rule {
    id: "BLANK_CELLS",
    severity: Severity::Info,
    title: "表格有空白单元格",
    explanation: "收到和处理政府信息公开申请情况表、行政复议和行政诉讼情况表的每个单元格都应填写数字，没有的填 0。空白或填“/”“—”“-”的单元格在模型中保持为 null（忠实于原文），校验时按 0 计；每张表给出一条提示，列出空白单元格的个数和位置，便于要求补填 0。例如：表三“一、本年新收”的商业企业、科研机构等五列为空。",
    basis: "年度报告格式（国办公开办函〔2021〕30号）第三、四部分的表格",
};

/// SECTION_EMPTY.
pub const SECTION_EMPTY: Rule = Rule {
    id: "SECTION_EMPTY",
    severity: Severity::Warning,
    title: "章节无内容",
    explanation: "章节有标题而没有内容：第一部分“总体情况”和第五部分“存在的主要问题及改进情况”只有标题或只写“无”“暂无”；其他部分只有标题、既无文字也无表格（第六部分写“无”是允许的）。例如：“五、存在的主要问题及改进情况”下只写“无。”。",
    basis: "《中华人民共和国政府信息公开条例》第五十条；年度报告格式（国办公开办函〔2021〕30号）的六个部分",
};

/// YEAR_MISMATCH.
pub const YEAR_MISMATCH: Rule = Rule {
    id: "YEAR_MISMATCH",
    severity: Severity::Warning,
    title: "年份不一致",
    explanation: "标题中的年度、统计期限和落款日期应当相互一致：统计期限应在标题所写的年度内，落款日期不应早于统计期限的结束日（没有统计期限时为该年 12 月 31 日）。例如：标题为“2022年政府信息公开工作年度报告”，统计期限却为“2021年1月1日至2021年12月31日”；或 2022 年度报告落款“2022年6月1日”。",
    basis: "《中华人民共和国政府信息公开条例》第四十九条：提交并公布本行政机关上一年度政府信息公开工作年度报告",
};

// -- issue 14 (exact meta): date and format checks --

/// DATE_INVALID.
pub const DATE_INVALID: Rule = Rule {
    id: "DATE_INVALID",
    severity: Severity::Warning,
    title: "日期不存在",
    explanation: "报告中写出的年月日在日历上不存在（2 月 30 日、4 月 31 日、非闰年的 2 月 29 日、13 月等），多半是笔误。这样的日期不作为落款日期或统计期限记录（留空），以免据此推算的期限和年份出错。例如：落款“2022年2月30日”。",
    basis: "公历（《中华人民共和国国家标准 GB/T 7408.1—2023 日期和时间 表示法》）",
};

/// FORMAT_MISMATCH.
pub const FORMAT_MISMATCH: Rule = Rule {
    id: "FORMAT_MISMATCH",
    severity: Severity::Info,
    title: "扩展名与文件内容不符",
    explanation: "文件的扩展名与其实际格式不一致时，按内容读取并提示，便于更正文件名（有的系统只凭扩展名打开文件）。例如：实为 PDF 的文件命名为“报告.docx”。",
    basis: "文件内容的格式标识（PDF 以 %PDF- 开头，DOCX/XLSX 为 zip 包等）",
};

/// Every rule, in the order the README lists them.
pub const ALL: &[&Rule] = &[
    &TABLE_MISSING,
    &SECTION_MISSING,
    &APP_ROW_SUM,
    &APP_RESULT_SUM,
    &APP_BALANCE,
    &REVIEW_SUM,
    &NEGATIVE_VALUE,
    &PERIOD_NOT_FULL_YEAR,
    &RULES_NOT_AUTHORIZED,
    &TEXT_TABLE_MISMATCH,
    &OUTDATED_FORMAT,
    &NONSTANDARD_LABEL,
    &UNIT_CONVERTED,
    &TABLE_LAYOUT_LOST,
    &CELL_AMBIGUOUS,
    &SUM_UNVERIFIED,
    &OCR_UNCERTAIN,
    &CARRY_MISMATCH,
    &IN_FORCE_CHAIN,
    &PUBLISHED_LATE,
    &FEE_NOT_REPORTED,
    &BLANK_CELLS,
    &SECTION_EMPTY,
    &YEAR_MISMATCH,
    // issue 14
    &DATE_INVALID,
    &FORMAT_MISMATCH,
];

/// The rule with this id.
pub fn by_id(id: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.id == id)
}

/// The rule list as a markdown table (id, severity, title, basis), as
/// `docs/model.md` holds it between `<!-- rules:begin -->` and
/// `<!-- rules:end -->`.
pub fn markdown_table() -> String {
    let mut out = String::from("| 规则 | 级别 | 含义 | 依据 |\n|---|---|---|---|\n");
    for r in ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            r.id,
            r.severity.chinese(),
            r.title,
            r.basis
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_findable() {
        for (i, r) in ALL.iter().enumerate() {
            assert!(
                ALL.iter().skip(i + 1).all(|o| o.id != r.id),
                "{} twice",
                r.id
            );
            assert_eq!(by_id(r.id).map(|f| f.id), Some(r.id));
            assert!(
                !r.title.is_empty() && r.explanation.contains("例如"),
                "{}",
                r.id
            );
        }
        assert!(by_id("NO_SUCH_RULE").is_none());
    }

    /// The `.rs` files under `dir`, recursively.
    fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// The library code of a source file: without comments (doc examples
    /// may name a rule) and without the test module at its end.
    fn library_code(text: &str) -> String {
        let mut code = String::new();
        let mut lines = text.lines().peekable();
        while let Some(line) = lines.next() {
            let t = line.trim_start();
            if t == "#[cfg(test)]" && lines.peek().is_some_and(|l| l.starts_with("mod ")) {
                break;
            }
            if !t.starts_with("//") {
                code.push_str(line);
                code.push('\n');
            }
        }
        code
    }

    /// One rule, one place: outside this file a rule is named by its
    /// constant (`rules::APP_BALANCE`), never by its id as a string, in
    /// the library code of every crate of the workspace.
    #[test]
    fn no_other_library_file_spells_a_rule_id() {
        let core = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        match core.parent().map(std::fs::read_dir) {
            Some(Ok(crates)) => {
                for krate in crates.flatten() {
                    sources(&krate.path().join("src"), &mut files);
                }
            }
            _ => sources(&core.join("src"), &mut files),
        }
        let this = core.join("src").join("rules.rs");
        assert!(files.contains(&this), "{} not scanned", this.display());
        let mut spelt = Vec::new();
        for file in files.iter().filter(|f| **f != this) {
            let Ok(text) = std::fs::read_to_string(file) else {
                continue;
            };
            let code = library_code(&text);
            for r in ALL {
                if code.contains(&format!("\"{}\"", r.id)) {
                    spelt.push(format!("{} in {}", r.id, file.display()));
                }
            }
        }
        assert!(spelt.is_empty(), "rule ids spelt as strings: {spelt:#?}");
    }

    #[test]
    fn the_guard_sees_a_spelt_id_but_not_a_comment_or_a_test() {
        let text = "// \"APP_BALANCE\"\nlet r = \"APP_BALANCE\";\n#[cfg(test)]\nmod tests {\n\"REVIEW_SUM\"\n}\n";
        let code = library_code(text);
        assert!(code.contains("\"APP_BALANCE\""), "{code}");
        assert_eq!(code.matches("APP_BALANCE").count(), 1, "{code}");
        assert!(!code.contains("REVIEW_SUM"), "{code}");
    }

    #[test]
    fn a_finding_carries_the_rule_id_and_severity() {
        let f = APP_BALANCE.finding("m".into(), Location::default());
        assert_eq!(
            (f.rule.as_str(), f.severity),
            ("APP_BALANCE", Severity::Error)
        );
    }
}
