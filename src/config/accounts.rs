//! Who may sign in to the back office, with which role: the accounts and the admin token as
//! configured, and the key that signs their sessions.

use crate::domain::{Private, Role};

/// The back office's staff: each a name, the SHA-256 of their token and a role (`STAFF_ACCOUNTS`,
/// `name:hex:role,…`, the role `owner`, `staff` or `viewer`, `staff` when left out), and `admin`, an
/// owner, with `ADMIN_TOKEN`. Tokens themselves are never stored. A name may be given twice with two
/// digests while its token changes: either token signs in.
#[derive(Clone, Default)]
pub struct StaffAccounts {
    accounts: Vec<Account>,
    /// Each value of `ADMIN_TOKEN` (the new one and the old while it changes).
    admin: Vec<Private<String>>,
    /// `SESSION_KEY`: signs session cookies and form tokens with its first value, and accepts any
    /// (the new one and the old while it changes). None: nobody can sign in to the pages.
    session_keys: Vec<Private<Vec<u8>>>,
}

/// An account as the settings name it.
#[derive(Clone, PartialEq, Eq)]
pub struct Account {
    name: String,
    role: Role,
    /// Its tokens' digests: a change of them ends its sessions.
    digests: Vec<[u8; 32]>,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account").field("name", &self.name).field("role", &self.role).finish_non_exhaustive()
    }
}

impl Account {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn role(&self) -> Role {
        self.role
    }

    /// What a session of this account is bound to: its name, role and tokens. Sessions made before
    /// any of them changed are not this account's any more.
    pub fn fingerprint(&self) -> Vec<u8> {
        let mut bytes = format!("{}|{}", self.name, self.role.as_str()).into_bytes();
        for digest in &self.digests {
            bytes.extend_from_slice(digest);
        }
        bytes
    }
}

impl std::fmt::Debug for StaffAccounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.accounts.iter().map(|a| (&a.name, a.role))).finish()
    }
}

/// The name the admin token signs in under.
pub const ADMIN_ACCOUNT: &str = "admin";

impl StaffAccounts {
    pub fn read(accounts: Option<&str>, admin: Option<&str>, session_key: Option<&str>) -> Result<Self, String> {
        use crate::http::throttle::{TOKEN_BITS, token_bits};
        let mut parsed: Vec<Account> = Vec::new();
        for (i, entry) in accounts.unwrap_or_default().split(',').map(str::trim).filter(|e| !e.is_empty()).enumerate() {
            let mut parts = entry.split(':');
            let (name, hash, role) = (parts.next().unwrap_or_default(), parts.next(), parts.next());
            let Some(hash) = hash.filter(|_| parts.next().is_none()) else {
                return Err(format!("STAFF_ACCOUNTS entry {} is not name:sha256:role", i + 1));
            };
            let plain = !name.is_empty()
                && name.len() <= 40
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
            let digest: Option<[u8; 32]> = hex::decode(hash.trim()).ok().and_then(|d| d.try_into().ok());
            let (true, Some(digest)) = (plain, digest) else {
                return Err(format!("STAFF_ACCOUNTS entry {} must be a plain name and 64 hex digits", i + 1));
            };
            let role = match role.map(str::trim) {
                None | Some("") => Role::Staff,
                Some(role) => role.parse().map_err(|_| {
                    format!("STAFF_ACCOUNTS entry {}: no role named {role:?} (owner, staff or viewer)", i + 1)
                })?,
            };
            match parsed.iter_mut().find(|a| a.name.eq_ignore_ascii_case(name)) {
                Some(account) if account.role == role => account.digests.push(digest),
                Some(_) => return Err(format!("STAFF_ACCOUNTS names {name} twice with two roles")),
                None => parsed.push(Account { name: name.to_string(), role, digests: vec![digest] }),
            }
        }
        let admin: Vec<&str> = admin.unwrap_or_default().split_whitespace().collect();
        if let Some(weak) = admin.iter().find(|a| token_bits(a) < TOKEN_BITS) {
            return Err(format!(
                "ADMIN_TOKEN is too easy to guess (about {:.0} bits; at least 128 are needed): \
                 make one with `openssl rand -hex 32`",
                token_bits(weak)
            ));
        }
        if parsed.iter().any(|a| a.name.eq_ignore_ascii_case(ADMIN_ACCOUNT)) && !admin.is_empty() {
            return Err("STAFF_ACCOUNTS names an account `admin`, which is the ADMIN_TOKEN's".into());
        }
        let session_keys: Vec<&str> = session_key.unwrap_or_default().split_whitespace().collect();
        if let Some(weak) = session_keys.iter().find(|k| token_bits(k) < TOKEN_BITS) {
            return Err(format!(
                "SESSION_KEY is too short (about {:.0} bits; at least 128 are needed): make one with \
                 `openssl rand -hex 32`",
                token_bits(weak)
            ));
        }
        if !admin.is_empty() {
            use sha2::{Digest, Sha256};
            let digests = admin.iter().map(|a| Sha256::digest(a.as_bytes()).into()).collect();
            parsed.push(Account { name: ADMIN_ACCOUNT.into(), role: Role::Owner, digests });
        }
        Ok(Self {
            accounts: parsed,
            admin: admin.iter().map(|a| Private::new(a.to_string())).collect(),
            session_keys: session_keys.iter().map(|k| Private::new(k.as_bytes().to_vec())).collect(),
        })
    }

    /// Whether anyone can sign in to the pages at all.
    pub fn any(&self) -> bool {
        !self.accounts.is_empty() && !self.session_keys.is_empty()
    }

    /// The account `name` (any case; `admin` for the admin token) if `token` is one of its tokens,
    /// compared in constant time by digest. A token under 128 bits never signs in, whatever its digest.
    pub fn sign_in(&self, name: &str, token: &str) -> Option<&Account> {
        use sha2::{Digest, Sha256};
        use subtle::ConstantTimeEq;
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        let mut found = None;
        for account in &self.accounts {
            for expected in &account.digests {
                if account.name.eq_ignore_ascii_case(name) && bool::from(digest.ct_eq(expected)) {
                    found = Some(account);
                }
            }
        }
        found.filter(|_| crate::http::throttle::token_bits(token) >= crate::http::throttle::TOKEN_BITS)
    }

    /// The account the admin token is, if `token` is one of its values (compared in constant time).
    pub fn admin(&self, token: &str) -> Option<&Account> {
        use subtle::ConstantTimeEq;
        let mut admitted = false;
        for value in &self.admin {
            admitted |= !token.is_empty() && bool::from(token.as_bytes().ct_eq(value.expose().as_bytes()));
        }
        admitted.then(|| self.account(ADMIN_ACCOUNT)).flatten()
    }

    /// Every account, `admin` included.
    pub fn accounts(&self) -> impl Iterator<Item = &Account> {
        self.accounts.iter()
    }

    /// The account named exactly `name`.
    pub fn account(&self, name: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.name == name)
    }

    /// The key that signs new sessions; none when `SESSION_KEY` is unset.
    pub fn session_key(&self) -> Option<&[u8]> {
        self.session_keys.first().map(|k| k.expose().as_slice())
    }

    /// Every key a session may have been signed with.
    pub fn session_keys(&self) -> impl Iterator<Item = &[u8]> {
        self.session_keys.iter().map(|k| k.expose().as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::Digest;

    fn digest(token: &str) -> String {
        hex::encode(sha2::Sha256::digest(token))
    }

    #[test]
    fn accounts_have_roles_staff_by_default_and_two_tokens_while_one_changes() {
        let (old, new) = ("old-token-4b7e1a9c3d6f2e8b", "new-token-9c2e5a8f1d4b7e3a");
        let accounts =
            format!("alice:{}:owner,bob:{},vera:{}:viewer,bob:{}", digest(old), digest(old), digest(new), digest(new));
        let staff = StaffAccounts::read(Some(&accounts), None, Some("session-key-8e1f4a7c2b9d3e6a")).unwrap();
        let role = |name: &str, token: &str| staff.sign_in(name, token).map(Account::role);
        assert_eq!(role("alice", old), Some(Role::Owner));
        assert_eq!((role("bob", old), role("bob", new)), (Some(Role::Staff), Some(Role::Staff)));
        assert_eq!((role("vera", new), role("vera", old)), (Some(Role::Viewer), None));
        let wrong = format!("alice:{}:admin", digest(old));
        assert!(StaffAccounts::read(Some(&wrong), None, None).unwrap_err().contains("no role named"));
        let twice = format!("alice:{}:owner,alice:{}:staff", digest(old), digest(new));
        assert!(StaffAccounts::read(Some(&twice), None, None).unwrap_err().contains("two roles"));
    }

    #[test]
    fn the_admin_token_is_an_owner_and_either_of_two_values_is_accepted() {
        let (old, new) = ("admin-old-5e2a8c1f4b7d9e3a", "admin-new-1c9e4a7f2d5b8e3a");
        let staff = StaffAccounts::read(None, Some(&format!("{new} {old}")), None).unwrap();
        assert_eq!(staff.admin(new).map(Account::role), Some(Role::Owner));
        assert_eq!(staff.admin(old).map(Account::name), Some(ADMIN_ACCOUNT));
        assert!(staff.admin("").is_none() && staff.admin(&format!("{new} {old}")).is_none());
        assert!(!staff.any(), "no session key: nobody signs in to the pages");
        assert!(StaffAccounts::read(None, Some(new), Some("short")).unwrap_err().contains("SESSION_KEY"));
    }
}
