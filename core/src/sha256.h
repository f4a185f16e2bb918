#pragma once
// Incremental SHA-256 of the bytes the reader consumes (the dataset's fingerprint). OpenSSL's
// libcrypto uses the CPU's SHA extensions where present: about ten times QCryptographicHash's
// speed, which matters because hashing runs over every imported byte.

#include <openssl/evp.h>

#include <memory>
#include <string>
#include <string_view>

namespace microseg::core {

struct Sha256State {
    Sha256State() : context(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
        EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr);
    }
    void add(std::string_view bytes) {
        EVP_DigestUpdate(context.get(), bytes.data(), bytes.size());
    }
    /// Digest of everything added so far (the state itself is left as it is).
    [[nodiscard]] std::string hex() const {
        std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> copy(EVP_MD_CTX_new(),
                                                                     &EVP_MD_CTX_free);
        EVP_MD_CTX_copy_ex(copy.get(), context.get());
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        EVP_DigestFinal_ex(copy.get(), digest, &length);
        std::string out;
        for (unsigned int i = 0; i < length; ++i) {
            out += "0123456789abcdef"[digest[i] >> 4];
            out += "0123456789abcdef"[digest[i] & 15];
        }
        return out;
    }
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context;
};

} // namespace microseg::core
