//! Access tokens and ids.
//!
//! A token is never stored. Participant and staff tokens are derived with HMAC-SHA256
//! from a key kept outside the database (`--secret-file`), the person's id and a
//! version number, so a badge can be re-printed later while a copy of the database
//! alone reveals nothing: the database keeps only the SHA-256 of each token, to find
//! its owner. Bumping the version re-issues a token and retires the old one.

use std::io;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::{Digest, Sha256};

/// The server's token key: 32 bytes from the operating system's CSPRNG.
#[derive(Clone)]
pub struct TokenKey([u8; 32]);

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKey(..)")
    }
}

/// Whose token it is; part of what the HMAC signs, so the two kinds never collide.
#[derive(Debug, Clone, Copy)]
pub enum TokenKind {
    /// A guest's join link: a pairing code that the first `hello` claims.
    Participant,
    Staff,
    /// The phone's own token, given in the `welcome` that claims a link.
    Session,
}

impl TokenKey {
    pub fn random() -> TokenKey {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        TokenKey(key)
    }

    /// Reads the key file (64 hex digits), creating it with a fresh key, readable by
    /// the owner only, when it does not exist.
    /// An existing file that others may read is narrowed to 0600, with a warning.
    pub fn load_or_create(path: &Path) -> io::Result<TokenKey> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                narrow(path)?;
                TokenKey::from_hex(text.trim()).ok_or_else(|| {
                    io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("{} must hold 64 hexadecimal digits", path.display()),
                    )
                })
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let key = TokenKey::random();
                write_private(path, &hex(&key.0))?;
                Ok(key)
            }
            Err(e) => Err(e),
        }
    }

    fn from_hex(s: &str) -> Option<TokenKey> {
        if s.len() != 64 {
            return None;
        }
        let mut key = [0u8; 32];
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(TokenKey(key))
    }

    /// The token of `id` at `version`: 256 bits, URL-safe base64 (43 characters).
    pub fn derive(&self, kind: TokenKind, id: &str, version: i64) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        let kind = match kind {
            TokenKind::Participant => "participant",
            TokenKind::Staff => "staff",
            TokenKind::Session => "session",
        };
        mac.update(format!("blossom-token-v1\0{kind}\0{id}\0{version}").as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }
}

impl TokenKey {
    /// A value that identifies this key without revealing it, stored in the
    /// database so that a server started with another key notices.
    pub fn fingerprint(&self) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(b"blossom-key-fingerprint-v1");
        hex(&mac.finalize().into_bytes())
    }

    /// An HMAC of `message` for `purpose` (never a token: the purpose is part of
    /// what is signed), URL-safe base64.
    pub fn mac(&self, purpose: &str, message: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(format!("blossom-mac-v1\0{purpose}\0{message}").as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }
}

/// What the database stores to find a token's owner: its SHA-256, in hex.
pub fn hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// A fresh random token not derived from anything (the generated admin token).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The admin token kept in `path` (only its owner may read it), made and written
/// there the first time. A file too short to be a token is an error, not replaced:
/// someone wrote it by hand.
pub fn admin_token_file(path: &Path, min_len: usize) -> io::Result<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            narrow(path)?;
            let token = text.trim().to_string();
            if token.chars().count() < min_len {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("it holds no admin token of at least {min_len} characters"),
                ));
            }
            Ok(token)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let token = random_token();
            write_private(path, &format!("{token}\n"))?;
            Ok(token)
        }
        Err(e) => Err(e),
    }
}

/// A new record id.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> io::Result<()> {
    std::fs::write(path, text)
}

/// The key file readable by its owner alone: whoever reads it can make every join
/// link and staff link. A wider file (copied in by hand, say) is narrowed.
#[cfg(unix)]
fn narrow(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)?.permissions().mode();
    if mode & 0o077 != 0 {
        tracing::warn!(
            file = %path.display(),
            mode = format!("{:o}", mode & 0o777),
            "the token key file could be read by others: narrowed to 0600 (only the server's own user reads it)"
        );
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn narrow(_: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_stable_per_version_and_differ_across_people_and_kinds() {
        let key = TokenKey::random();
        let t = key.derive(TokenKind::Participant, "p1", 1);
        assert_eq!(t, key.derive(TokenKind::Participant, "p1", 1));
        assert_eq!(t.len(), 43);
        assert_ne!(t, key.derive(TokenKind::Participant, "p1", 2));
        assert_ne!(t, key.derive(TokenKind::Participant, "p2", 1));
        assert_ne!(t, key.derive(TokenKind::Staff, "p1", 1));
        assert_ne!(t, key.derive(TokenKind::Session, "p1", 1));
        assert_ne!(
            t,
            TokenKey::random().derive(TokenKind::Participant, "p1", 1)
        );
    }

    #[test]
    fn the_key_file_is_created_once_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("blossom.key");
        let a = TokenKey::load_or_create(&path).unwrap();
        let b = TokenKey::load_or_create(&path).unwrap();
        assert_eq!(
            a.derive(TokenKind::Staff, "x", 1),
            b.derive(TokenKind::Staff, "x", 1)
        );
        std::fs::write(&path, "not a key").unwrap();
        assert!(TokenKey::load_or_create(&path).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn the_demo_admin_token_is_kept_for_the_owner_alone_and_read_back() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("blossom.admin-token");
        let a = admin_token_file(&path, 32).unwrap();
        assert!(a.len() >= 32);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(admin_token_file(&path, 32).unwrap(), a);
        std::fs::write(&path, "short").unwrap();
        assert!(admin_token_file(&path, 32).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_key_file_others_could_read_is_narrowed_to_the_owner_at_start() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("blossom.key");
        let key = TokenKey::random();
        std::fs::write(&path, hex(&key.0)).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let read = TokenKey::load_or_create(&path).unwrap();
        assert_eq!(read.fingerprint(), key.fingerprint());
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
