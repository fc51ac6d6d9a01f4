// security_info.cpp - protocol flags chosen in one place and handed to WinHTTP in another.
#include "tls_flags.h"
#include <cstdint>

struct SecurityInfo { uint32_t flags; };

// The flags travel through a return value and a struct member before `Open` passes them on:
// each legacy name is reported here, where it is written.
SecurityInfo GetSecurityInfo()
{
    constexpr uint32_t defaultFlags = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 |
        WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;
    return SecurityInfo{ defaultFlags };
}

void Open(HINTERNET h, uint32_t f)
{
    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &f, sizeof f);
}

// A parameter's default is written here too.
void OpenMirror(HINTERNET h, uint32_t f = WINHTTP_FLAG_SECURE_PROTOCOL_SSL3)
{
    Open(h, f);
}

// Reads, not settings: a test, a removal, a `case` label and a table of display names.
static const struct { uint32_t flag; const char* name; } kProtocolNames[] = {
    { WINHTTP_FLAG_SECURE_PROTOCOL_TLS1, "TLS 1.0" },
    { WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1, "TLS 1.1" },
};

bool IsLegacy(uint32_t negotiated)
{
    switch (negotiated) {
    case WINHTTP_FLAG_SECURE_PROTOCOL_SSL3:
        return true;
    }
    uint32_t modern = negotiated & ~(WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1);
    return (negotiated & WINHTTP_FLAG_SECURE_PROTOCOL_TLS1) != 0 || modern == 0;
}
