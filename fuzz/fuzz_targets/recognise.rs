//! Fuzz the recogniser and validation rules: arbitrary paragraphs and
//! arbitrary cell grids (with hostile spans) built from the input bytes,
//! using a vocabulary of report labels so the fuzzer reaches deep paths.
#![no_main]

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use xxgknb_core::{Cell, Document, SourcePos, Table};

/// Fragments of real report text: section headings, row and column labels,
/// numbers in the forms reports print them.
const VOCAB: &[&str] = &[
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
    "第二十条第（一）项",
    "第二十条第（五）项",
    "第二十条第（六）项",
    "第二十条第（八）项",
    "第二十条第（九）项",
    "信息内容",
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "规章",
    "行政规范性文件",
    "行政许可",
    "行政处罚",
    "行政强制",
    "行政事业性收费",
    "处理决定数量",
    "本年收费金额（单位：万元）",
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "未经复议直接起诉",
    "复议后起诉",
    "某某市人民政府办公室2023年政府信息公开工作年度报告",
    "某某市人民政府办公室",
    "2023年12月31日",
    "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止",
    "0",
    "1",
    "12",
    "305",
    "1,234",
    "1 234",
    "０",
    "－",
    "—",
    "/",
    "",
    " ",
    "\n",
    "\t",
    "一、",
    "（一）",
    "1.",
];

fn text(u: &mut Unstructured<'_>) -> Result<String> {
    let mut s = String::new();
    for _ in 0..u.int_in_range(0..=3u8)? {
        if u.ratio(1u8, 4u8)? {
            s.push_str(u.arbitrary::<&str>()?);
        } else {
            s.push_str(u.choose(VOCAB)?);
        }
    }
    Ok(s)
}

fn span(u: &mut Unstructured<'_>) -> Result<u32> {
    Ok(match u.int_in_range(0..=9u8)? {
        0 => u.arbitrary::<u32>()?,
        1..=2 => u.int_in_range(0..=6)?,
        _ => 1,
    })
}

fn pos(u: &mut Unstructured<'_>) -> Result<SourcePos> {
    Ok(SourcePos {
        page: u.arbitrary()?,
        line: u.arbitrary()?,
        sheet: None,
        cell: None,
        x: u.arbitrary()?,
    })
}

fn document(u: &mut Unstructured<'_>) -> Result<Document> {
    let mut doc = Document::new(*u.choose(&["pdf", "docx", "xlsx", "html", "txt"])?);
    while !u.is_empty() && doc.blocks.len() < 400 {
        if u.ratio(2u8, 3u8)? {
            let t = text(u)?;
            let p = pos(u)?;
            doc.push_paragraph(t, p);
        } else {
            let mut table = Table {
                rows: Vec::new(),
                pos: pos(u)?,
            };
            for _ in 0..u.int_in_range(0..=40u8)? {
                let mut row = Vec::new();
                for _ in 0..u.int_in_range(0..=14u8)? {
                    let t = text(u)?;
                    let (rs, cs) = (span(u)?, span(u)?);
                    row.push(Cell::spanning(t, rs, cs, pos(u)?));
                }
                table.rows.push(row);
            }
            doc.push_table(table);
        }
    }
    Ok(doc)
}

fuzz_target!(|data: &[u8]| {
    // First byte 0: the rest is plain text read by the text adapter (its
    // pipe/tab tables and pdftotext-style layout); otherwise a built document.
    match data.split_first() {
        Some((0, rest)) => xxgknb_fuzz::run_adapter(&xxgknb_text::TextAdapter, rest),
        _ => {
            let mut u = Unstructured::new(data);
            if let Ok(doc) = document(&mut u) {
                xxgknb_fuzz::analyse(&doc);
            }
        }
    }
});
