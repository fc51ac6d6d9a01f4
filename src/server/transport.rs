//! JSON-RPC over standard input and output, framed with `Content-Length` headers.
//!
//! `lsp-server` provides the message types and writes the frames. Reading is ours: its reader
//! ends the connection at the first malformed message and allocates whatever length a header
//! claims before reading it, and a client's bad message must not end the session: it is
//! reported and the next frame is read.

use std::io::{self, BufRead, Read, Write};
use std::sync::mpsc::{Receiver, channel};

use lsp_server::Message;

/// What the reader thread hands over.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// A frame that is not a JSON-RPC message (or has no length), and why.
    Malformed(String),
}

/// Starts reading messages from standard input on a thread of its own. The channel closes
/// when standard input ends or fails, and after the `exit` notification.
pub fn read_stdin() -> io::Result<Receiver<Incoming>> {
    let (sender, receiver) = channel();
    std::thread::Builder::new()
        .name("lsp-reader".to_owned())
        .spawn(move || {
            let stdin = io::stdin();
            let mut input = stdin.lock();
            while let Ok(Some(incoming)) = read(&mut input) {
                let exit = matches!(&incoming,
                    Incoming::Message(Message::Notification(n)) if n.method == "exit");
                if sender.send(incoming).is_err() || exit {
                    break;
                }
            }
        })?;
    Ok(receiver)
}

/// Reads the next frame: headers up to an empty line, then `Content-Length` bytes of JSON.
/// `None` at the end of the input (also in the middle of a frame).
pub fn read(input: &mut impl BufRead) -> io::Result<Option<Incoming>> {
    let mut length: Option<Result<u64, String>> = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        let header = String::from_utf8_lossy(&line);
        let header = header.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("Content-Length")
        {
            let value = value.trim();
            length = Some(
                value
                    .parse()
                    .map_err(|_| format!("bad Content-Length `{value}`")),
            );
        }
    }
    let length = match length {
        Some(Ok(length)) => length,
        Some(Err(e)) => return Ok(Some(Incoming::Malformed(e))),
        None => return Ok(Some(Incoming::Malformed("no Content-Length".to_owned()))),
    };
    // Read what arrives rather than allocate what the header claims.
    let mut body = Vec::new();
    input.take(length).read_to_end(&mut body)?;
    if (body.len() as u64) < length {
        return Ok(None);
    }
    Ok(Some(match serde_json::from_slice::<Message>(&body) {
        Ok(message) => Incoming::Message(message),
        Err(e) => Incoming::Malformed(format!("not a JSON-RPC message: {e}")),
    }))
}

/// Writes messages to standard output.
#[derive(Default)]
pub struct Output;

impl Output {
    /// Sends one message. A client that went away is not an error here: the reader sees
    /// standard input end and the loop stops.
    pub fn send(&self, message: impl Into<Message>) {
        let message = message.into();
        let stdout = io::stdout();
        let mut out = stdout.lock();
        let _ = message.write(&mut out).and_then(|()| out.flush());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<String> {
        let mut input = io::Cursor::new(input);
        let mut out = Vec::new();
        while let Some(incoming) = read(&mut input).unwrap() {
            out.push(match incoming {
                Incoming::Message(Message::Notification(n)) => n.method,
                Incoming::Message(other) => format!("{other:?}"),
                Incoming::Malformed(e) => format!("malformed: {e}"),
            });
        }
        out
    }

    #[test]
    fn bad_frames_are_reported_and_the_next_one_is_read() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!(
            "Content-Length: 9\r\n\r\n{{not json\
             X-Junk\r\n\r\n\
             content-length: 12x\r\n\r\n\
             Content-Type: whatever\r\nContent-Length: {}\r\n\r\n{good}",
            good.len()
        );
        let read = frames(input.as_bytes());
        assert_eq!(read.len(), 4, "{read:?}");
        assert!(read[0].starts_with("malformed: not a JSON-RPC message"));
        assert_eq!(read[1], "malformed: no Content-Length");
        assert_eq!(read[2], "malformed: bad Content-Length `12x`");
        assert_eq!(read[3], "initialized");
    }

    #[test]
    fn a_frame_cut_short_ends_the_input() {
        assert!(frames(b"Content-Length: 99999999999999\r\n\r\n{}").is_empty());
        assert!(frames(b"").is_empty());
        assert!(frames(b"Content-Length: 2\r\n").is_empty());
    }
}
