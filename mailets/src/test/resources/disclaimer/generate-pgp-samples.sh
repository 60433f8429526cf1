#!/bin/sh
# Regenerates the PGP samples of AddDisclaimerTest with a throwaway key (needs gpg 2.2+; see PROVENANCE.md).
set -eu
cd "$(dirname "$0")"
GNUPGHOME=$(mktemp -d)
export GNUPGHOME
trap 'rm -rf "$GNUPGHOME"' EXIT
gpg --batch --quiet --pinentry-mode loopback --passphrase '' \
    --quick-gen-key 'Alice Test <alice@acme.example>' ed25519 sign never
gpg --batch --quiet --pinentry-mode loopback --passphrase '' \
    --quick-add-key "$(gpg --list-keys --with-colons alice@acme.example | awk -F: '/^fpr/ {print $10; exit}')" cv25519 encr never

headers() {
    printf 'From: Alice <alice@acme.example>\r\nTo: bob@partner.example\r\nSubject: %s\r\n' "$1"
    printf 'Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <%s@acme.example>\r\nMIME-Version: 1.0\r\n' "$2"
}

# PGP/MIME signed (RFC 3156): the signature covers the first part, headers included, in CRLF form.
printf 'Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n\r\nThe signed quarterly figures are attached below.\r\n' > signed-entity.tmp
gpg --batch --quiet --armor --detach-sign --digest-algo SHA256 -o signature.tmp signed-entity.tmp
{
    headers 'Signed figures' pgp-signed
    printf 'Content-Type: multipart/signed; micalg=pgp-sha256; protocol="application/pgp-signature";\r\n boundary="pgp-signed-boundary"\r\n\r\n'
    printf 'This is an OpenPGP/MIME signed message (RFC 4880 and 3156)\r\n--pgp-signed-boundary\r\n'
    cat signed-entity.tmp
    printf '\r\n--pgp-signed-boundary\r\nContent-Type: application/pgp-signature; name="signature.asc"\r\nContent-Description: OpenPGP digital signature\r\n\r\n'
    sed 's/$/\r/' signature.tmp
    printf '\r\n--pgp-signed-boundary--\r\n'
} > pgp-mime-signed.eml

# PGP/MIME encrypted (RFC 3156).
printf 'Content-Type: text/plain; charset=us-ascii\r\n\r\nThe encrypted merger plan.\r\n' | \
    gpg --batch --quiet --armor --trust-model always --encrypt -r alice@acme.example -o encrypted.tmp
{
    headers 'Merger plan' pgp-encrypted
    printf 'Content-Type: multipart/encrypted; protocol="application/pgp-encrypted";\r\n boundary="pgp-encrypted-boundary"\r\n\r\n'
    printf 'This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)\r\n--pgp-encrypted-boundary\r\n'
    printf 'Content-Type: application/pgp-encrypted\r\nContent-Description: PGP/MIME version identification\r\n\r\nVersion: 1\r\n\r\n'
    printf -- '--pgp-encrypted-boundary\r\nContent-Type: application/octet-stream; name="encrypted.asc"\r\n'
    printf 'Content-Description: OpenPGP encrypted message\r\nContent-Disposition: inline; filename="encrypted.asc"\r\n\r\n'
    sed 's/$/\r/' encrypted.tmp
    printf '\r\n--pgp-encrypted-boundary--\r\n'
} > pgp-mime-encrypted.eml

# Inline PGP: a clear-signed text/plain body.
printf 'Please confirm the wire transfer of Friday.\n' | gpg --batch --quiet --clearsign --digest-algo SHA256 -o clearsigned.tmp
{
    headers 'Wire transfer' inline-pgp
    printf 'Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n\r\n'
    sed 's/$/\r/' clearsigned.tmp
} > inline-pgp-signed.eml

rm -f ./*.tmp
