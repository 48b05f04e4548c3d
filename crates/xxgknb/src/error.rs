//! The one error type of the pipeline: what went wrong with which file.

use std::path::PathBuf;
use xxgknb_core::AdapterError;

/// Why a file gave no report. Every variant names the file, and its
/// message is complete on its own (the cause is part of it, not a
/// separate `source()`), so front ends print it as it is.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be opened or read.
    #[error("{}: cannot read: {cause}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        cause: std::io::Error,
    },
    /// The adapter refused or failed on the bytes (unknown format, encrypted,
    /// damaged, a limit exceeded, the time limit, a caught panic …).
    #[error("{}: {cause}", path.display())]
    Adapter {
        /// The file.
        path: PathBuf,
        /// The adapter's typed error.
        cause: AdapterError,
    },
    /// The file was read but holds no part of an annual report.
    #[error("{}: no annual-report tables found (read as {format}; {blocks} blocks)", path.display())]
    NotAReport {
        /// The file.
        path: PathBuf,
        /// The format it was read as.
        format: String,
        /// How many blocks the adapter produced.
        blocks: usize,
    },
}

impl Error {
    /// The file the error is about.
    pub fn path(&self) -> &std::path::Path {
        match self {
            Error::Io { path, .. }
            | Error::Adapter { path, .. }
            | Error::NotAReport { path, .. } => path,
        }
    }

    /// The adapter's error, when the adapter (or a limit) stopped the read.
    pub fn adapter_error(&self) -> Option<&AdapterError> {
        match self {
            Error::Adapter { cause, .. } => Some(cause),
            _ => None,
        }
    }

    /// A stable English key of the kind of error, for machines (`check
    /// --format json` prints it beside the Chinese message): `io`,
    /// `unknown_format`, `encrypted`, `corrupt`, `no_text_layer`,
    /// `unsupported`, `limit_exceeded`, `timeout`, `internal` or
    /// `not_a_report`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::NotAReport { .. } => "not_a_report",
            Error::Adapter { cause, .. } => match cause {
                AdapterError::UnknownFormat(_) => "unknown_format",
                AdapterError::Encrypted(_) => "encrypted",
                AdapterError::Corrupt { .. } => "corrupt",
                AdapterError::NoTextLayer => "no_text_layer",
                AdapterError::Unsupported { .. } => "unsupported",
                AdapterError::LimitExceeded { .. } => "limit_exceeded",
                AdapterError::Timeout(_) => "timeout",
                AdapterError::Internal { .. } => "internal",
                _ => "other",
            },
        }
    }

    /// The message in Chinese, for people (`路径: 原因`). Technical details
    /// an adapter adds (a library's own words) are kept as they are, after
    /// the Chinese.
    pub fn chinese(&self) -> String {
        let path = self.path().display();
        match self {
            Error::Io { cause, .. } => format!("{path}: 无法读取：{}", io_chinese(cause)),
            Error::NotAReport { format, blocks, .. } => format!(
                "{path}: 未找到年度报告的表格或正文（按 {format} 读取，共 {blocks} 个段落/表格）"
            ),
            Error::Adapter { cause, .. } => format!("{path}: {}", adapter_chinese(cause)),
        }
    }

    pub(crate) fn adapter(path: &std::path::Path, cause: AdapterError) -> Self {
        Error::Adapter {
            path: path.to_path_buf(),
            cause,
        }
    }
}

/// An operating-system error in Chinese.
fn io_chinese(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let what = match e.kind() {
        K::NotFound => "文件不存在",
        K::PermissionDenied => "没有读取权限",
        K::IsADirectory => "这是一个文件夹",
        K::InvalidData => "数据无效",
        K::UnexpectedEof => "文件意外结束",
        K::Interrupted => "读取被中断",
        _ => return format!("{e}"),
    };
    match e.raw_os_error() {
        Some(code) => format!("{what}（系统错误 {code}）"),
        None => what.to_string(),
    }
}

/// A resource limit's name in Chinese (the adapters name them in English).
fn limit_chinese(what: &str) -> String {
    const NAMES: &[(&str, &str)] = &[
        ("bytes per file", "单个文件字节数"),
        ("inflated bytes per zip entry", "zip 单个条目解压后字节数"),
        ("inflated bytes per zip archive", "zip 包解压后总字节数"),
        ("inflated bytes per file", "解压后总字节数"),
        ("entries per zip archive", "zip 包条目数"),
        ("XML element depth", "XML 元素嵌套深度"),
        ("XML nesting depth", "XML 元素嵌套深度"),
        ("HTML element nesting depth", "HTML 元素嵌套深度"),
        ("cells per table", "单个表格单元格数"),
        ("grid slots per table", "单个表格网格数"),
        ("used cells per sheet", "单个工作表已用单元格数"),
        ("merged cells per sheet", "单个工作表合并单元格数"),
        ("sheets per workbook", "工作簿工作表数"),
        ("pages", "页数"),
        ("content-stream operators per page", "每页内容流操作符数"),
        ("glyphs per page", "每页字形数"),
        ("bytes per compound-file stream", "复合文档单个流字节数"),
    ];
    NAMES
        .iter()
        .find(|(en, _)| *en == what)
        .or_else(|| NAMES.iter().find(|(en, _)| what.starts_with(en)))
        .map_or_else(|| what.to_string(), |(_, zh)| (*zh).to_string())
}

/// An adapter's error in Chinese.
fn adapter_chinese(e: &AdapterError) -> String {
    match e {
        AdapterError::UnknownFormat(d) => format!("无法识别的文件格式（{d}）"),
        AdapterError::Encrypted(d) => {
            format!("文件已加密或设有密码，请去除密码后另存再检查（{d}）")
        }
        AdapterError::Corrupt { format, detail } => {
            format!("{format} 文件已损坏或不完整（{detail}）")
        }
        AdapterError::NoTextLayer => "扫描图像，没有文字层，无法读取文字".to_string(),
        AdapterError::Unsupported { format, detail } => {
            format!("不支持的 {format} 功能（{detail}）")
        }
        AdapterError::LimitExceeded { what, limit } => {
            format!("超出资源限制：{}（上限 {limit}）", limit_chinese(what))
        }
        AdapterError::Timeout(d) => {
            format!("读取超过 {d:?} 仍未完成，已停止（可用 --timeout 放宽）")
        }
        AdapterError::Internal { format, detail } => {
            format!("{format} 读取程序内部错误（{detail}）")
        }
        other => other.to_string(),
    }
}
