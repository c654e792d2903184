//! The moto server, started on loopback and stopped with its owner (even if the owner dies), and
//! [`Watched`], which does that for any child process.

use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Emulator {
    _process: Watched,
    pub endpoint: String,
}

/// The project venv's Python, where `make setup` installs moto.
pub fn venv_python() -> std::path::PathBuf {
    super::repo_root().join(".venv/bin/python")
}

/// A port on loopback that nothing listens on right now.
pub fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?.local_addr()?.port())
}

/// Whether something accepts connections at `host:port`.
pub fn is_listening(addr: SocketAddr) -> bool {
    TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok()
}

impl Emulator {
    /// Starts the emulator (`infra/emulator.py`: moto, one request at a time) with the venv's `python`
    /// on `127.0.0.1:port` and waits until it answers. It is [`Watched`]: no emulator outlives the
    /// tests or the dev server.
    pub fn start(python: &Path, port: u16, log: Stdio) -> std::io::Result<Self> {
        if !python.exists() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{} not found: run `make setup` first", python.display()),
            ));
        }
        let mut command = Watched::command(python);
        command
            .arg(super::repo_root().join("infra/emulator.py"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(Stdio::null());
        let process = Watched::spawn(command)?;
        let emulator = Self { _process: process, endpoint: format!("http://127.0.0.1:{port}") };
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let deadline = Instant::now() + Duration::from_secs(60);
        while !is_listening(addr) {
            if Instant::now() > deadline {
                return Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "the emulator did not start in 60 s"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(emulator)
    }
}

/// A child process that does not outlive this one: a watchdog shell runs it and stops it when this
/// process is gone, however it went (a test binary's end, a signal); the shell and the child are a
/// process group of their own, stopped together when the value is dropped.
pub struct Watched {
    shell: Child,
}

impl Watched {
    /// The command that runs `program` under the watchdog: add its arguments, environment and
    /// stdio, then [`Watched::spawn`] it. The shell finds `sleep` on a default path when the
    /// command's environment is cleared.
    pub fn command(program: &Path) -> Command {
        let watchdog = r#": "${PATH:=/usr/bin:/bin}"; parent=$1; shift; "$@" & child=$!
trap 'kill $child 2>/dev/null; exit 0' TERM INT
while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
kill $child 2>/dev/null"#;
        let mut command = Command::new("/bin/sh");
        command.args(["-c", watchdog, "watchdog", &std::process::id().to_string()]).arg(program);
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        command
    }

    pub fn spawn(mut command: Command) -> std::io::Result<Self> {
        Ok(Self { shell: command.spawn()? })
    }

    /// Stops the child and its watchdog at once (SIGKILL to the group), and waits for the shell.
    pub fn kill(mut self) {
        self.signal_group("KILL");
        let _ = self.shell.wait();
    }

    fn signal_group(&self, signal: &str) {
        let group = format!("-{}", self.shell.id());
        let _ = Command::new("kill").args(["-s", signal, "--", &group]).stderr(Stdio::null()).status();
    }
}

impl Drop for Watched {
    /// Stops the whole process group (the watchdog shell and the child), forcefully after 5 s.
    fn drop(&mut self) {
        if let Ok(Some(_)) = self.shell.try_wait() {
            return;
        }
        self.signal_group("TERM");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.shell.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        self.signal_group("KILL");
        let _ = self.shell.wait();
    }
}
