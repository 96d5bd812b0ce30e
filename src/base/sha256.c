/*
** SHA-256 through OpenSSL's EVP interface (see sha256.h).
*/
#include "sha256.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>

void sha256_digest(const unsigned char *z, size_t nByte, unsigned char out[32]) {
  unsigned int nOut = 0;
  if (!EVP_Digest(z, nByte, out, &nOut, EVP_sha256(), NULL) || nOut != 32) {
    fprintf(stderr, "luoshi: SHA-256 failed in libcrypto\n");
    abort();
  }
}
