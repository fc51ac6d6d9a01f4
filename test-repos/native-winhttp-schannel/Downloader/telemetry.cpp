// telemetry.cpp - the modern client: TLS 1.2 and 1.3 only. No findings here.
#include "tls_flags.h"

bool OpenTelemetrySession(HINTERNET* session)
{
    *session = WinHttpOpen(L"UpdateAgent-Telemetry/2.4", WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY,
                           WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
    if (!*session)
        return false;
    DWORD protocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3;
    return WinHttpSetOption(*session, WINHTTP_OPTION_SECURE_PROTOCOLS, &protocols,
                            sizeof(protocols)) != FALSE;
}
