//! A WebSocket proxy for the browser tests: it sits between a browser and
//! Mosquitto's WebSocket listener and re-frames what the broker sends, to
//! prove the client copes with any framing (MQTT 5.0 §6.0 [MQTT-6.0.0-2]).
//! The path picks the behaviour:
//!
//! - `/bytes`: every byte from the broker in a frame of its own;
//! - `/coalesce`: the broker's bytes gathered for 20 ms, then sent as one
//!   frame holding several packets;
//! - `/text`: after the broker's first bytes, a text frame, which a client
//!   must answer by closing the connection [MQTT-6.0.0-1];
//! - `/restart`: restarts the broker (persistent sessions survive) and
//!   closes once it is back;
//! - `/tcp`: the broker's TCP listener behind this proxy's WebSocket, each
//!   read from it a frame. Mosquitto 2.0.11's own WebSocket listener sends
//!   large messages at about 40 KB/s (a 1 MiB message takes 25 s;
//!   eclipse-mosquitto issue 1390), which is the broker's limit, not the
//!   client's: the large-message tests use this path.
//!
//! Usage: `webmqtt-ws-proxy LISTEN_PORT BROKER_WS_PORT BROKER_DIR`. It serves until
//! killed; `scripts/test.sh` starts and stops it.

use std::io::ErrorKind;
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use tungstenite::client::IntoClientRequest;
use tungstenite::handshake::server::{Request, Response};
use tungstenite::{Message, WebSocket};

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Bytes,
    Coalesce,
    Text,
    Restart,
    Tcp,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, listen, upstream, broker_dir] = args.as_slice() else {
        eprintln!("usage: webmqtt-ws-proxy LISTEN_PORT BROKER_WS_PORT BROKER_DIR");
        std::process::exit(2);
    };
    let listener = TcpListener::bind(("127.0.0.1", listen.parse::<u16>().unwrap())).unwrap();
    for stream in listener.incoming().flatten() {
        let upstream: u16 = upstream.parse().unwrap();
        let broker_dir = broker_dir.clone();
        thread::spawn(move || {
            if let Err(e) = serve(stream, upstream, &broker_dir) {
                eprintln!("webmqtt-ws-proxy: {e}");
            }
        });
    }
}

fn serve(
    stream: TcpStream,
    upstream: u16,
    broker_dir: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let seen = Arc::new(Mutex::new((Mode::Bytes, String::from("mqtt"))));
    let handshake = seen.clone();
    // The callback's error type is tungstenite's; it never fails here.
    #[allow(clippy::result_large_err)]
    let callback = move |req: &Request, mut resp: Response| {
        let mut seen = handshake.lock().unwrap();
        seen.0 = match req.uri().path() {
            "/coalesce" => Mode::Coalesce,
            "/text" => Mode::Text,
            "/restart" => Mode::Restart,
            "/tcp" => Mode::Tcp,
            _ => Mode::Bytes,
        };
        if let Some(p) = req.headers().get("Sec-WebSocket-Protocol") {
            let first = p
                .to_str()
                .unwrap_or("mqtt")
                .split(',')
                .next()
                .unwrap_or("mqtt");
            seen.1 = first.trim().to_string();
            resp.headers_mut()
                .insert("Sec-WebSocket-Protocol", seen.1.parse().unwrap());
        }
        Ok(resp)
    };
    // MQTT's largest packet, whole in one frame as Firefox sends it
    // (tungstenite's default frame limit is 16 MiB).
    let limit = Some(268_435_460);
    let config = tungstenite::protocol::WebSocketConfig::default()
        .max_frame_size(limit)
        .max_message_size(limit);
    let mut client = tungstenite::accept_hdr_with_config(stream, callback, Some(config))?;
    let (mode, protocol) = seen.lock().unwrap().clone();
    if mode == Mode::Restart {
        let status = Command::new("scripts/broker.sh")
            .args(["restart", broker_dir])
            .status()?;
        client.close(None).ok();
        client.flush().ok();
        return if status.success() {
            Ok(())
        } else {
            Err("broker restart failed".into())
        };
    }
    if mode == Mode::Tcp {
        let env = std::fs::read_to_string(format!("{broker_dir}/env"))?;
        let port: u16 = env
            .lines()
            .find_map(|l| l.strip_prefix("export WEBMQTT_TCP_PORT="))
            .ok_or("no WEBMQTT_TCP_PORT in the broker's env")?
            .parse()?;
        return pump_tcp(client, TcpStream::connect(("127.0.0.1", port))?);
    }
    let tcp = TcpStream::connect(("127.0.0.1", upstream))?;
    let mut request = format!("ws://127.0.0.1:{upstream}/mqtt").into_client_request()?;
    request
        .headers_mut()
        .insert("Sec-WebSocket-Protocol", protocol.parse()?);
    let (broker, _) = tungstenite::client(request, tcp)?;
    pump(client, broker, mode)
}

/// Moves bytes between the client's WebSocket and the broker's TCP socket,
/// on one thread, polling each side with a short read timeout.
fn pump_tcp(
    mut client: WebSocket<TcpStream>,
    mut broker: TcpStream,
) -> Result<(), Box<dyn std::error::Error>> {
    use std::io::{Read, Write};
    client
        .get_ref()
        .set_read_timeout(Some(Duration::from_millis(5)))?;
    broker.set_read_timeout(Some(Duration::from_millis(5)))?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        match client.read() {
            Ok(Message::Binary(b)) => broker.write_all(&b)?,
            Ok(Message::Close(_)) => return Ok(()),
            Ok(_) => {}
            Err(tungstenite::Error::Io(e))
                if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return Ok(()),
        }
        match broker.read(&mut buf) {
            Ok(0) => {
                client.close(None).ok();
                client.flush().ok();
                return Ok(());
            }
            Ok(n) => client.send(Message::binary(buf[..n].to_vec()))?,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => {
                client.close(None).ok();
                return Ok(());
            }
        }
        client.flush().ok();
    }
}

/// Moves frames both ways on one thread, polling each side with a short
/// read timeout.
fn pump(
    mut client: WebSocket<TcpStream>,
    mut broker: WebSocket<TcpStream>,
    mode: Mode,
) -> Result<(), Box<dyn std::error::Error>> {
    for ws in [&client, &broker] {
        ws.get_ref()
            .set_read_timeout(Some(Duration::from_millis(5)))?;
    }
    let mut pending: Vec<u8> = Vec::new();
    let mut last_flush = std::time::Instant::now();
    let mut sent_text = false;
    loop {
        match client.read() {
            Ok(Message::Binary(b)) => broker.send(Message::Binary(b))?,
            Ok(Message::Close(_)) => return Ok(()),
            Ok(_) => {}
            Err(tungstenite::Error::Io(e))
                if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return Ok(()),
        }
        match broker.read() {
            Ok(Message::Binary(b)) => match mode {
                Mode::Bytes => {
                    for byte in b.iter() {
                        client.send(Message::binary(vec![*byte]))?;
                    }
                }
                Mode::Coalesce => pending.extend_from_slice(&b),
                Mode::Text => {
                    client.send(Message::Binary(b))?;
                    if !sent_text {
                        sent_text = true;
                        client.send(Message::text("not MQTT"))?;
                    }
                }
                Mode::Restart | Mode::Tcp => {}
            },
            Ok(Message::Close(_)) => {
                client.close(None).ok();
                return Ok(());
            }
            Ok(_) => {}
            Err(tungstenite::Error::Io(e))
                if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => {
                client.close(None).ok();
                return Ok(());
            }
        }
        if !pending.is_empty() && last_flush.elapsed() >= Duration::from_millis(20) {
            client.send(Message::binary(std::mem::take(&mut pending)))?;
            last_flush = std::time::Instant::now();
        }
        client.flush().ok();
        broker.flush().ok();
    }
}
