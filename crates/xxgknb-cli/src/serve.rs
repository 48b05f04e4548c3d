//! `xxgknb serve`: the reviewer workbench in the browser (see
//! `docs/serve.md`). The server itself is `xxgknb-serve`; this module reads
//! the flags, the rule settings and the limits as `check` does, binds the
//! address, prints the URL and opens the browser.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use xxgknb_cli::config;
use xxgknb_cli::limits::LimitArgs;

/// Arguments of `xxgknb serve`.
#[derive(clap::Args)]
pub struct Args {
    /// 启动前先载入的报告文件或文件夹（如随附样例 fixtures/batch），与在页面中拖入相同
    #[arg(value_name = "路径")]
    paths: Vec<PathBuf>,
    /// 端口
    #[arg(long, default_value_t = xxgknb_serve::DEFAULT_PORT)]
    port: u16,
    /// 监听地址；不是本机地址（如 0.0.0.0，供办公网络共享）时必须使用访问令牌
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// 数据库文件（与 ingest 相同；不存在时新建）
    #[arg(long, default_value = "xxgknb.sqlite")]
    db: PathBuf,
    /// 不自动打开浏览器
    #[arg(long)]
    no_open: bool,
    /// 访问令牌；监听非本机地址而未指定时自动生成并打印
    #[arg(long, value_name = "TOKEN")]
    token: Option<String>,
    /// 解析线程数 [默认：CPU 核数]
    #[arg(short = 'j', long, value_name = "N")]
    jobs: Option<usize>,
    /// 单个上传文件的最大字节数，如 `50MiB` [默认：50MiB]
    #[arg(long, value_name = "SIZE", value_parser = xxgknb_cli::limits::parse_size)]
    max_upload: Option<u64>,
    /// 一次请求最多上传的文件数 [默认：200]
    #[arg(long, value_name = "N")]
    max_upload_files: Option<usize>,
    #[command(flatten)]
    rules: xxgknb_cli::rule_args::RuleArgs,
    #[command(flatten)]
    limits: LimitArgs,
}

/// A fresh random token (32 hex digits) for a shared server.
fn new_token() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| format!("无法生成访问令牌：{e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The server's configuration from the flags and `xxgknb.toml`.
fn configure(args: &Args) -> Result<xxgknb_serve::Config, String> {
    let path = args.rules.config_path();
    let settings =
        config::load_settings(path, &args.rules.overrides()).map_err(|e| e.to_string())?;
    let mut c = xxgknb_serve::Config::new(args.db.clone());
    c.jobs = args.jobs.or(settings.jobs).unwrap_or(c.jobs).max(1);
    c.settings = settings;
    c.limits = args.limits.to_limits();
    if let Some(m) = args.max_upload {
        c.max_upload_bytes = m;
    }
    if let Some(n) = args.max_upload_files {
        c.max_upload_files = n.max(1);
    }
    let shared = !args.host.is_loopback();
    c.any_host = shared;
    c.token = match (&args.token, shared) {
        (Some(t), _) if t.trim().is_empty() => return Err("--token 不能为空".into()),
        (Some(t), _) => Some(t.clone()),
        (None, true) => Some(new_token()?),
        (None, false) => None,
    };
    Ok(c)
}

/// Open `url` in the desktop's browser; failing is not an error.
fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        ("open", vec![url.to_string()])
    } else if cfg!(windows) {
        (
            "cmd",
            vec!["/C".into(), "start".into(), String::new(), url.to_string()],
        )
    } else {
        ("xdg-open", vec![url.to_string()])
    };
    let _ = std::process::Command::new(cmd.0)
        .args(cmd.1)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

/// The address as a URL host (`[::1]` for IPv6; the loopback name for an
/// unspecified address, which the browser cannot open).
fn url_host(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v) if v.is_unspecified() => "127.0.0.1".into(),
        IpAddr::V4(v) => v.to_string(),
        IpAddr::V6(v) if v.is_unspecified() => "[::1]".into(),
        IpAddr::V6(v) => format!("[{v}]"),
    }
}

/// A file's name as shown: from the folder given on the command line
/// (`batch/101.txt` for `fixtures/batch/101.txt` under `fixtures/batch`).
fn short_name(roots: &[PathBuf], file: &std::path::Path) -> String {
    for root in roots {
        if let Ok(rel) = file.strip_prefix(root) {
            let base = root.file_name().map(std::path::Path::new);
            return match (base, rel.as_os_str().is_empty()) {
                (Some(b), false) => b.join(rel).display().to_string(),
                _ => file.file_name().map_or_else(
                    || file.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                ),
            };
        }
    }
    file.display().to_string()
}

/// Load the files named on the command line (the operator's paths, not
/// the browser's) into the store, in parallel on the parser pool.
fn preload(app: &xxgknb_serve::App, paths: &[PathBuf]) -> Result<usize, String> {
    use rayon::prelude::*;
    if paths.is_empty() {
        return Ok(0);
    }
    let files =
        xxgknb_store::collect_files(paths, &xxgknb::is_report_file).map_err(|e| e.to_string())?;
    let limits = app.config.limits.clone();
    app.pool.install(|| {
        files.par_iter().try_for_each(|f| -> Result<(), String> {
            let bytes = xxgknb::read_limited(f, &limits).map_err(|e| e.chinese())?;
            let name = short_name(paths, f);
            xxgknb_serve::add_file(app, &name, bytes)
                .map_err(|e| format!("{name}: {}", e.message))?;
            Ok(())
        })
    })?;
    Ok(files.len())
}

/// Start the server and serve until Ctrl-C.
pub fn run(args: Args) -> ExitCode {
    let fail = |e: String| {
        eprintln!("xxgknb: {e}");
        ExitCode::from(2)
    };
    let config = match configure(&args) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let token = config.token.clone();
    let db = config.db.clone();
    let app = match xxgknb_serve::App::new(config) {
        Ok(a) => a,
        Err(e) => return fail(format!("{}: {e}", db.display())),
    };
    match preload(&app, &args.paths) {
        Ok(0) => {}
        Ok(n) => println!("已载入 {n} 个文件。"),
        Err(e) => return fail(e),
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return fail(format!("无法启动服务：{e}")),
    };
    let addr = SocketAddr::new(args.host, args.port);
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(addr).await {
            Ok(l) => l,
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                return fail(format!("端口 {} 已被占用：请用 --port 指定其他端口", args.port))
            }
            Err(e) => return fail(format!("无法监听 {addr}：{e}")),
        };
        let port = listener.local_addr().map_or(args.port, |a| a.port());
        let mut url = format!("http://{}:{port}/", url_host(args.host));
        if let Some(t) = &token {
            url.push_str(&format!("?token={t}"));
        }
        println!("xxgknb serve：审核工作台已启动，请在浏览器中打开 {url}");
        println!("数据库：{}；按 Ctrl-C 停止。", db.display());
        if !args.host.is_loopback() {
            println!(
                "注意：正在监听 {}，办公网络中的其他计算机可以访问；访问需要令牌（已包含在上面的网址中）。",
                args.host
            );
        }
        if !args.no_open {
            open_browser(&url);
        }
        match xxgknb_serve::serve(listener, app).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(e.to_string()),
        }
    })
}
