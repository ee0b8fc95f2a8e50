//! TLS with rustls on the ring provider: certificates from PEM files, or a self-signed one
//! generated once for the configured host names and kept in `DATA/tls/`.
//!
//! Certificates are served through [`CertStore`], a resolver whose certificate can be replaced
//! while the server runs: the seam where automatic (ACME) certificates plug in later.

use std::path::Path;
use std::sync::{Arc, RwLock};

use anyhow::{Context, bail};
use rustls::ServerConfig;
use rustls::crypto::ring::sign::any_supported_type;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;

use crate::config::{Config, TlsMode};

/// The current certificate; replaceable at run time.
#[derive(Debug)]
pub struct CertStore {
    current: RwLock<Arc<CertifiedKey>>,
}

impl CertStore {
    pub fn new(key: CertifiedKey) -> Self {
        CertStore { current: RwLock::new(Arc::new(key)) }
    }

    /// Swaps in a new certificate; new connections use it at once.
    pub fn replace(&self, key: CertifiedKey) {
        *self.current.write().expect("cert lock") = Arc::new(key);
    }
}

impl ResolvesServerCert for CertStore {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.current.read().expect("cert lock").clone())
    }
}

/// Parses a PEM certificate chain and private key.
pub fn certified_key(cert_pem: &[u8], key_pem: &[u8]) -> anyhow::Result<CertifiedKey> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert_pem)
        .collect::<Result<_, _>>()
        .context("the certificate file is not PEM")?;
    if certs.is_empty() {
        bail!("the certificate file holds no certificate");
    }
    let key = PrivateKeyDer::from_pem_slice(key_pem).context("the key file holds no PEM private key")?;
    let signing = any_supported_type(&key).context("the private key type is not supported")?;
    Ok(CertifiedKey::new(certs, signing))
}

/// Loads or makes the certificate the config asks for; `None` when TLS is off.
pub fn load(config: &Config) -> anyhow::Result<Option<Arc<CertStore>>> {
    let key = match &config.tls {
        TlsMode::Off => return Ok(None),
        TlsMode::Files { cert, key } => {
            let c = std::fs::read(cert).with_context(|| format!("reading {}", cert.display()))?;
            let k = std::fs::read(key).with_context(|| format!("reading {}", key.display()))?;
            certified_key(&c, &k)?
        }
        TlsMode::SelfSigned => self_signed(&config.data_dir.join("tls"), &config.hosts)?,
    };
    Ok(Some(Arc::new(CertStore::new(key))))
}

/// The self-signed certificate for `hosts`, generated on first use (or when the host names
/// change) and reused afterwards, so browsers are asked to trust it only once.
pub fn self_signed(dir: &Path, hosts: &[String]) -> anyhow::Result<CertifiedKey> {
    let cert_path = dir.join("self-signed.crt");
    let key_path = dir.join("self-signed.key");
    let hosts_path = dir.join("self-signed.hosts");
    let wanted = hosts.join("\n");
    if let (Ok(c), Ok(k), Ok(h)) =
        (std::fs::read(&cert_path), std::fs::read(&key_path), std::fs::read_to_string(&hosts_path))
        && h == wanted
    {
        return certified_key(&c, &k);
    }
    std::fs::create_dir_all(dir)?;
    let generated =
        rcgen::generate_simple_self_signed(hosts.to_vec()).context("generating a self-signed certificate")?;
    let cert_pem = generated.cert.pem();
    let key_pem = generated.signing_key.serialize_pem();
    write_private(&key_path, key_pem.as_bytes())?;
    std::fs::write(&cert_path, cert_pem.as_bytes())?;
    std::fs::write(&hosts_path, wanted)?;
    tracing::info!(cert = %cert_path.display(), "generated a self-signed certificate");
    certified_key(cert_pem.as_bytes(), key_pem.as_bytes())
}

fn write_private(path: &Path, data: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path)?;
    f.write_all(data)
}

/// The rustls server config over a certificate store, speaking HTTP/2 and HTTP/1.1.
pub fn server_config(certs: Arc<CertStore>) -> anyhow::Result<ServerConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("TLS protocol versions")?
        .with_no_client_auth()
        .with_cert_resolver(certs);
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_signed_is_generated_once_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let hosts = vec!["school.local".to_string(), "192.168.1.10".to_string()];
        let a = self_signed(dir.path(), &hosts).unwrap();
        let b = self_signed(dir.path(), &hosts).unwrap();
        assert_eq!(a.cert[0].as_ref(), b.cert[0].as_ref(), "the same certificate is reused");
        let c = self_signed(dir.path(), &["other.local".to_string()]).unwrap();
        assert_ne!(a.cert[0].as_ref(), c.cert[0].as_ref(), "new host names, new certificate");
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("self-signed.key")).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the key is readable by its owner only");
    }

    #[test]
    fn garbage_pem_is_a_clear_error() {
        let err = certified_key(b"not pem", b"not pem").unwrap_err();
        assert!(err.to_string().contains("certificate"), "{err}");
    }
}
