//! JSON-RPC over standard input and output, framed with `Content-Length` headers.
//!
//! `lsp-server` reads and writes the frames; the reader thread is ours because `lsp-server`'s
//! own ends the connection at the first malformed message, and a client's bad message must
//! not end the session: it is reported and the next frame is read.

use std::io::{self, Write};
use std::sync::mpsc::{Receiver, channel};

use lsp_server::Message;

/// What the reader thread hands over.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// A frame that is not a JSON-RPC message (or a header that is not one), and why.
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
            loop {
                let incoming = match Message::read(&mut input) {
                    Ok(Some(message)) => Incoming::Message(message),
                    Ok(None) => break,
                    // A frame was consumed: what follows it is the next frame.
                    Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                        Incoming::Malformed(e.to_string())
                    }
                    Err(_) => break,
                };
                let exit =
                    matches!(&incoming, Incoming::Message(Message::Notification(n)) if n.method == "exit");
                if sender.send(incoming).is_err() || exit {
                    break;
                }
            }
        })?;
    Ok(receiver)
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
