//! The moto server, started on loopback and stopped with its owner (even if the owner dies).

use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Emulator {
    child: Child,
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
    /// on `127.0.0.1:port` and waits until it answers. A watchdog shell stops it
    /// when this process exits, so no emulator outlives the tests or the dev server.
    pub fn start(python: &Path, port: u16, log: Stdio) -> std::io::Result<Self> {
        if !python.exists() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{} not found: run `make setup` first", python.display()),
            ));
        }
        let watchdog = r#"parent=$1; shift; "$@" & child=$!
trap 'kill $child 2>/dev/null; exit 0' TERM INT
while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
kill $child 2>/dev/null"#;
        let mut command = Command::new("sh");
        command
            .args(["-c", watchdog, "watchdog", &std::process::id().to_string()])
            .arg(python)
            .arg(super::repo_root().join("infra/emulator.py"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(Stdio::null());
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command.spawn()?;
        let emulator = Self { child, endpoint: format!("http://127.0.0.1:{port}") };
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

impl Emulator {
    fn signal_group(&self, signal: &str) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-s", signal, "--", &group]).stderr(Stdio::null()).status();
    }
}

impl Drop for Emulator {
    /// Stops the whole process group (the watchdog shell and the emulator), forcefully after 5 s.
    fn drop(&mut self) {
        self.signal_group("TERM");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        self.signal_group("KILL");
        let _ = self.child.wait();
    }
}
