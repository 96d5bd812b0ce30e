/*
** SHA-256 of a whole buffer, through OpenSSL's libcrypto.
**
** Import hashes every input file (the document's identity). libsodium's portable SHA-256 costs
** about as much as reflowing the text; OpenSSL uses the CPU's SHA extensions where they exist
** and does the same work in a fraction of the time. The digest is the same either way.
*/
#ifndef LUOSHI_BASE_SHA256_H
#define LUOSHI_BASE_SHA256_H

#include <stddef.h>

/* SHA-256 of z[0..nByte) into out[0..32). Aborts if libcrypto cannot compute it (out of
** memory), like every allocation failure in luoshi. */
void sha256_digest(const unsigned char *z, size_t nByte, unsigned char out[32]);

#endif
