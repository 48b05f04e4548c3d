//! Unit tests of the whole adapter on small hand-written pages.

use super::*;
use xxgknb_core::{Block, Table};

fn read(html: &str) -> Document {
    match HtmlAdapter.read(html.as_bytes(), &Limits::default()) {
        Ok(d) => d,
        Err(e) => panic!("read failed: {e}"),
    }
}

fn paragraphs(doc: &Document) -> Vec<&str> {
    doc.paragraphs().map(|p| p.text.as_str()).collect()
}

fn tables(doc: &Document) -> Vec<&Table> {
    doc.tables().collect()
}

/// The resolved grid as text, `None` for uncovered slots and `^` for slots
/// covered by a span from elsewhere.
fn grid_text(t: &Table) -> Vec<Vec<String>> {
    let g = t.grid();
    g.slots
        .iter()
        .map(|row| {
            row.iter()
                .map(|s| match s {
                    Some(s) if s.origin => t.cell(*s).map(|c| c.text.clone()).unwrap_or_default(),
                    Some(_) => "^".to_string(),
                    None => "∅".to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn rowspan_and_colspan_resolve_with_origin_cells() {
    let doc = read(
        "<table>\
         <tr><td rowspan=2 colspan=2>角</td><td colspan=3>申请人情况</td></tr>\
         <tr><td>自然人</td><td colspan=2>法人</td></tr>\
         <tr><td rowspan=2>三</td><td>（一）</td><td>1</td><td>2</td><td>3</td></tr>\
         <tr><td>（二）</td><td>4</td><td></td><td>6</td></tr>\
         </table>",
    );
    let ts = tables(&doc);
    assert_eq!(ts.len(), 1);
    let t = ts[0];
    assert_eq!(t.rows[0][0].row_span, 2);
    assert_eq!(t.rows[0][0].col_span, 2);
    assert_eq!(
        grid_text(t),
        [
            ["角", "^", "申请人情况", "^", "^"],
            ["^", "^", "自然人", "法人", "^"],
            ["三", "（一）", "1", "2", "3"],
            ["^", "（二）", "4", "", "6"],
        ]
    );
    // positions name grid row and column
    assert_eq!(t.rows[1][1].pos.cell.as_deref(), Some("T1R2C4"));
    assert_eq!(t.rows[3][2].pos.cell.as_deref(), Some("T1R4C4"));
    assert_eq!(t.pos.cell.as_deref(), Some("T1"));
}

#[test]
fn misaligned_header_row_is_kept_as_written() {
    // 自然人 colspan=2 above an empty cell and a 商业企业 colspan=2 that
    // starts in 自然人's second column: the grid must show exactly that
    let doc = read(
        "<table>\
         <tr><td colspan=2 rowspan=2>角</td><td colspan=2>自然人</td><td>总计</td></tr>\
         <tr><td></td><td colspan=2>商业企业</td></tr>\
         <tr><td>新收</td><td></td><td>5</td><td colspan=2>3</td></tr>\
         </table>",
    );
    let t = tables(&doc)[0];
    assert_eq!(
        grid_text(t),
        [
            ["角", "^", "自然人", "^", "总计"],
            ["^", "^", "", "商业企业", "^"],
            ["新收", "", "5", "3", "^"],
        ]
    );
}

#[test]
fn hostile_spans_are_clamped() {
    let doc = read(
        "<table><tr><td rowspan=999999 colspan=999999>x</td><td rowspan=0>y</td></tr>\
         <tr><td>z</td></tr></table>",
    );
    let t = tables(&doc)[0];
    assert_eq!(t.rows[0][0].row_span, 2, "rowspan clamped to the rows left");
    assert_eq!(t.rows[0][0].col_span, 1000);
    assert_eq!(t.rows[0][1].row_span, 2, "rowspan=0 runs to the end");
}

#[test]
fn cell_text_joins_inline_runs_and_breaks_blocks() {
    let doc = read(
        "<table><tr>\
         <td><p class=MsoNormal><span>2</span><span>0</span><o:p></o:p></p></td>\
         <td>&nbsp;&nbsp;<font face=Calibri>&nbsp;</font><font>5</font>&nbsp;</td>\
         <td><p>结</p><p>果</p><p>维</p><p>持</p></td>\
         <td>果<br/>纠<br>正</td>\
         <td><p>商业&nbsp;企业&nbsp;</p><p>&nbsp;</p></td>\
         <td>77</td>\
         </tr></table>",
    );
    let t = tables(&doc)[0];
    let texts: Vec<&str> = t.rows[0].iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        ["20", "5", "结\n果\n维\n持", "果\n纠\n正", "商业 企业", "77"]
    );
}

#[test]
fn nested_tables_flatten_into_their_cell() {
    let doc = read(
        "<table><tr><td>a</td><td>b</td></tr>\
         <tr><td>c</td><td><table><tr><td>x</td><td>y</td></tr><tr><td>z</td></tr></table></td></tr>\
         </table>",
    );
    let ts = tables(&doc);
    assert_eq!(ts.len(), 1);
    assert_eq!(ts[0].rows.len(), 2);
    assert_eq!(ts[0].rows[1][1].text, "x y\nz");
}

#[test]
fn layout_tables_are_read_through() {
    let doc = read(
        "<body><table><tr><td><p>标题</p>\
         <table><tr><td>1</td><td>2</td></tr></table><p>正文</p></td></tr></table></body>",
    );
    assert_eq!(paragraphs(&doc), ["标题", "正文"]);
    let ts = tables(&doc);
    assert_eq!(ts.len(), 1);
    assert_eq!(ts[0].rows[0][1].text, "2");
}

#[test]
fn paragraphs_in_order_with_br_and_headings() {
    let doc = read(
        "<body><h2>一、总体情况</h2><p>第一行<br>第二行</p><div>块<span>内</span>文字</div>\
         <p>\t<span style='white-space:pre'>\t</span>二、主动公开</p>\
         <table><tr><td>a</td><td>b</td></tr></table><p>其后</p></body>",
    );
    assert_eq!(
        paragraphs(&doc),
        [
            "一、总体情况",
            "第一行",
            "第二行",
            "块内文字",
            "二、主动公开",
            "其后"
        ]
    );
    let kinds: Vec<Option<u32>> = doc
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => p.pos.line,
            Block::Table(t) => t.pos.line,
        })
        .collect();
    assert_eq!(kinds, [1, 2, 3, 4, 5, 6, 7].map(Some));
}

#[test]
fn preformatted_text_keeps_lines_and_columns() {
    let doc = read(
        "<body><p>本报告根据条例编制，数据如下。</p>\
         <pre>\n  信息内容    本年制发件数\n  规章              0\n\n</pre>\
         <p>以上数据截至年底，特此说明。</p></body>",
    );
    assert_eq!(
        paragraphs(&doc),
        [
            "本报告根据条例编制，数据如下。",
            "  信息内容    本年制发件数",
            "  规章              0",
            "以上数据截至年底，特此说明。"
        ]
    );
}

#[test]
fn scripts_styles_and_hidden_text_are_dropped() {
    let doc = read(
        "<head><style>p{color:red}</style><script>var x='一、';</script></head>\
         <body><p>可见</p><p style='display: none'>隐藏</p><span style='mso-hide:all'>也隐藏</span>\
         <script>document.write('脚本')</script><noscript>无脚本</noscript></body>",
    );
    assert_eq!(paragraphs(&doc), ["可见"]);
}

const SITE_PAGE: &str = r##"<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="ArticleTitle" content="某县人民政府2023年政府信息公开工作年度报告">
<title>某县人民政府2023年政府信息公开工作年度报告_年报_某县人民政府网</title></head>
<body>
<div class="header"><div class="logo">某县人民政府网</div><div class="search">请输入关键字 搜索</div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul></div>
<div class="main">
 <div class="crumb">当前位置：<a href="/">首页</a></div>
 <table class="info"><tr><td>索引号：</td><td>ABC/2024-001</td><td>发布日期：</td><td>2024-01-20</td></tr></table>
 <div class="article">
  <div class="article_title">某县人民政府2023年政府信息公开工作年度报告</div>
  <div class="article_extend"><span>来源：某县人民政府办公室</span> <span>时间：2024-01-20 10:00</span>
   <span class="share"><a href="#">微信</a><a href="#">微博</a></span></div>
  <div class="article_content">
   <p>本报告根据《中华人民共和国政府信息公开条例》编制。统计期限自2023年1月1日起至2023年12月31日止。</p>
   <p>一、总体情况</p><p>本年度，我县认真贯彻落实政务公开各项要求，扎实推进各项工作，成效明显。</p>
   <p>二、主动公开政府信息情况</p>
   <table><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>0</td></tr></table>
   <p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、行政诉讼情况</p>
   <p>五、存在的主要问题及改进情况</p><p>公开意识有待加强，下一步将持续改进。</p>
   <p>六、其他需要报告的事项</p><p>无。</p>
  </div>
 </div>
 <div class="related"><h3>相关链接</h3><ul><li><a href="#">某县人民政府2022年政府信息公开工作年度报告</a></li></ul></div>
</div>
<div class="footer"><p>主办单位：某县人民政府办公室</p><p>网站标识码：1234567890</p></div>
</body></html>"##;

#[test]
fn article_body_is_found_amid_site_chrome() {
    let doc = read(SITE_PAGE);
    let ps = paragraphs(&doc);
    assert_eq!(
        ps.first().copied(),
        Some("某县人民政府2023年政府信息公开工作年度报告")
    );
    assert!(ps.iter().any(|p| p.starts_with("本报告根据")));
    assert_eq!(ps.last().copied(), Some("无。"));
    for noise in [
        "首页",
        "当前位置",
        "来源",
        "微信",
        "主办单位",
        "相关链接",
        "索引号",
    ] {
        assert!(
            !ps.iter().any(|p| p.contains(noise)),
            "site chrome leaked into the body: {noise}"
        );
    }
    let ts = tables(&doc);
    assert_eq!(
        ts.len(),
        1,
        "the info box outside the article is not a table of the report"
    );
    assert_eq!(ts[0].rows[1][0].text, "规章");
}

#[test]
fn tables_beside_a_text_wrapper_are_kept() {
    // the paragraphs (with every heading) sit in one wrapper holding most
    // of the text; the statistical table is its sibling and must not be
    // left behind by the body detection
    let long = "本年度，我县认真贯彻落实政务公开各项要求，扎实推进各项工作。".repeat(6);
    let page = format!(
        "<body><div class=nav><a href=/>首页</a></div><div id=zoom>\
         <div class=text><p>一、总体情况</p><p>{long}</p><p>二、主动公开</p><p>三、申请</p>\
         <p>四、复议</p><p>五、问题</p><p>{long}</p><p>六、其他</p></div>\
         <table><tr><td>项目</td><td>数量</td><td>件</td></tr>\
         <tr><td>行政许可</td><td>12</td><td>3</td></tr><tr><td>行政处罚</td><td>4</td><td>5</td></tr>\
         <tr><td>行政强制</td><td>6</td><td>7</td></tr></table></div>\
         <div class=footer>主办单位：某县人民政府办公室</div></body>"
    );
    let doc = read(&page);
    assert_eq!(tables(&doc).len(), 1);
    assert!(
        doc.notes.iter().any(|n| n.contains("zoom")),
        "{:?}",
        doc.notes
    );
}

#[test]
fn excel_web_page_is_one_table() {
    // Excel's "save as web page" (often renamed .xls): the whole body is a
    // table with <col> elements, x:num attributes and conditional comments
    let page = r#"<html xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8"></head>
<body link=blue><table border=0 cellpadding=0 cellspacing=0 width=300>
<col width=120><col width=90 span=2>
<tr height=19><td height=19 class=xl65 colspan=3>第二十条第（一）项</td></tr>
<tr><td class=xl66>信息内容</td><td class=xl66>本年制发件数</td><td class=xl66>本年废止件数</td></tr>
<tr><td>规章</td><td align=right x:num>1</td><td align=right x:num="0">0</td></tr>
<![if supportMisalignedColumns]><tr height=0 style='display:none'><td width=120></td><td width=90></td></tr><![endif]>
</table></body></html>"#;
    let doc = read(page);
    let ts = tables(&doc);
    assert_eq!(ts.len(), 1);
    assert_eq!(
        grid_text(ts[0]),
        [
            ["第二十条第（一）项", "^", "^"],
            ["信息内容", "本年制发件数", "本年废止件数"],
            ["规章", "1", "0"],
        ]
    );
}

#[test]
fn page_without_a_report_is_still_a_document() {
    let doc =
        read("<html><body><div class=nav><a href=/>首页</a></div><p>欢迎访问</p></body></html>");
    assert_eq!(doc.format, "html");
    assert_eq!(paragraphs(&doc), ["欢迎访问"]);
    assert_eq!(doc.table_count(), 0);
    let empty = read("");
    assert!(empty.blocks.is_empty());
}

#[test]
fn gbk_page_is_decoded() {
    let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
                </head><body><p>平潭综合实验区</p><table><tr><td>商业企业</td><td>3</td></tr></table></body></html>";
    let (bytes, _, _) = encoding_rs::GBK.encode(page);
    let doc = match HtmlAdapter.read(&bytes, &Limits::default()) {
        Ok(d) => d,
        Err(e) => panic!("read failed: {e}"),
    };
    assert_eq!(paragraphs(&doc), ["平潭综合实验区"]);
    assert_eq!(tables(&doc)[0].rows[0][0].text, "商业企业");
    assert!(doc.notes.iter().any(|n| n.contains("gb18030")));
}

#[test]
fn sniff_claims_html_by_content_whatever_the_extension() {
    let page =
        b"<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><body><p>x</p></body></html>";
    for ext in [Some("doc"), Some("xls"), Some("html"), None] {
        let s = HtmlAdapter.sniff(page, ext);
        assert_eq!(
            s,
            Some(Sniff {
                format: "html",
                confidence: Confidence::Certain
            }),
            "{ext:?}"
        );
    }
    assert_eq!(
        HtmlAdapter
            .sniff(b"<div>fragment</div>", Some("htm"))
            .map(|s| s.confidence),
        Some(Confidence::Weak)
    );
    assert_eq!(HtmlAdapter.sniff(b"<div>fragment</div>", Some("txt")), None);
    assert_eq!(HtmlAdapter.sniff(b"plain text", Some("txt")), None);
    assert_eq!(HtmlAdapter.sniff(b"PK\x03\x04<html>", Some("html")), None);
    let mut u16 = vec![0xFF, 0xFE];
    for u in "<html><body>x</body></html>".encode_utf16() {
        u16.extend_from_slice(&u.to_le_bytes());
    }
    assert_eq!(
        HtmlAdapter.sniff(&u16, Some("htm")).map(|s| s.confidence),
        Some(Confidence::Certain)
    );
}

#[test]
fn limits_are_enforced() {
    let small = Limits {
        max_file_bytes: 10,
        ..Limits::default()
    };
    assert!(matches!(
        HtmlAdapter.read(b"<p>more than ten bytes</p>", &small),
        Err(AdapterError::LimitExceeded { .. })
    ));
    let deep = "<div>".repeat(2000) + "x";
    assert!(matches!(
        HtmlAdapter.read(deep.as_bytes(), &Limits::default()),
        Err(AdapterError::LimitExceeded { what, .. }) if what.contains("depth")
    ));
    // html5ever's tree builder is quadratic on this; the chunked parse
    // stops it early instead of hanging
    let started = std::time::Instant::now();
    let very_deep = "<html><body>".to_string() + &"<div>".repeat(100_000) + "x";
    assert!(matches!(
        HtmlAdapter.read(very_deep.as_bytes(), &Limits::default()),
        Err(AdapterError::LimitExceeded { what, .. }) if what.contains("depth")
    ));
    assert!(started.elapsed().as_secs() < 30);
    let no_time = Limits {
        time_per_file: std::time::Duration::from_nanos(1),
        ..Limits::default()
    };
    assert!(matches!(
        HtmlAdapter.read(b"<p>x</p>", &no_time),
        Err(AdapterError::Timeout(_))
    ));
    let few_cells = Limits {
        max_cells_per_table: 3,
        ..Limits::default()
    };
    assert!(matches!(
        HtmlAdapter.read(
            b"<table><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>",
            &few_cells
        ),
        Err(AdapterError::LimitExceeded {
            what: "cells per table",
            ..
        })
    ));
    // a span bomb: few cells but a huge grid
    let bomb = format!(
        "<table>{}<tr><td colspan=1000>x</td></tr></table>",
        "<tr><td>1</td><td>2</td></tr>".repeat(2000)
    );
    assert!(matches!(
        HtmlAdapter.read(bomb.as_bytes(), &few_cells_for(10_000)),
        Err(AdapterError::LimitExceeded { .. })
    ));
}

fn few_cells_for(n: usize) -> Limits {
    Limits {
        max_cells_per_table: n,
        ..Limits::default()
    }
}

#[test]
fn garbage_never_panics() {
    let inputs: [&[u8]; 6] = [
        b"\xff\xfe\x00",
        b"<table><td rowspan=-1 colspan=abc>x<tr><th>",
        b"<<<>>><!--<table",
        b"</table></tr></td><td>orphan",
        b"<table><caption>cap</caption><tr><td>1</td></tr></table>",
        b"\x00\x01\x02<html>\x80\x81",
    ];
    for b in inputs {
        let _ = HtmlAdapter.read(b, &Limits::default());
    }
    let doc = read("<table><caption>表一</caption><tr><td>1</td><td>2</td></tr></table>");
    assert_eq!(paragraphs(&doc), ["表一"]);
}

#[test]
fn blocks_and_cells_carry_their_line_and_column_in_the_source() {
    let page = "<html><body>\n<p>一、总体情况</p>\n<table>\n<tr><td>规章</td>  <td>1</td></tr>\n<tr><td\n  style=\"x\">规范性文件</td><td>2</td></tr>\n</table></body></html>";
    let doc = read(page);
    let p = doc
        .paragraphs()
        .next()
        .map(|p| (p.pos.source_line, p.pos.source_column));
    assert_eq!(p, Some((Some(2), Some(1))));
    let t = tables(&doc)[0];
    let at = |r: usize, c: usize| {
        let cell = &t.rows[r][c];
        (cell.pos.source_line, cell.pos.source_column)
    };
    assert_eq!(at(0, 0), (Some(4), Some(5)));
    assert_eq!(at(0, 1), (Some(4), Some(18)));
    // a start tag over two lines: where it starts
    assert_eq!(at(1, 0), (Some(5), Some(5)));
    assert_eq!(at(1, 1), (Some(6), Some(23)));
    assert_eq!(t.pos.source_line, Some(3));
}
