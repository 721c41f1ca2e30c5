// A self-signed certificate for the TLS tests of the http module and of the commission server
// (http/server_test.cc, server/internal/api_test_util.h), made with OpenSSL's API.

#pragma once

#include <cstdio>
#include <filesystem>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace esep::http {

// Writes a self-signed certificate for 127.0.0.1 and its key as PEM; false on any failure.
inline bool WriteSelfSignedCertificate(const std::filesystem::path& cert,
                                       const std::filesystem::path& key) {
  EVP_PKEY* pkey = EVP_EC_gen("P-256");
  X509* x509 = X509_new();
  if (pkey == nullptr || x509 == nullptr) {
    return false;
  }
  ASN1_INTEGER_set(X509_get_serialNumber(x509), 1);
  X509_gmtime_adj(X509_getm_notBefore(x509), 0);
  X509_gmtime_adj(X509_getm_notAfter(x509), 3600);
  X509_set_pubkey(x509, pkey);
  X509_NAME* name = X509_get_subject_name(x509);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(x509, name);
  bool ok = X509_sign(x509, pkey, EVP_sha256()) > 0;
  FILE* cert_file = std::fopen(cert.c_str(), "wb");
  FILE* key_file = std::fopen(key.c_str(), "wb");
  ok = ok && cert_file != nullptr && key_file != nullptr && PEM_write_X509(cert_file, x509) == 1 &&
       PEM_write_PrivateKey(key_file, pkey, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  if (cert_file != nullptr) {
    std::fclose(cert_file);
  }
  if (key_file != nullptr) {
    std::fclose(key_file);
  }
  X509_free(x509);
  EVP_PKEY_free(pkey);
  return ok;
}

}  // namespace esep::http
