// modern_client.cpp - SCH_CREDENTIALS client (Windows 10 1809 and later).
#define SECURITY_WIN32
#include <windows.h>
#include <security.h>
#define SCHANNEL_USE_BLACKLISTS
#include <schannel.h>

SECURITY_STATUS AcquireStrictCredentials(CredHandle* handle, TimeStamp* expiry)
{
    TLS_PARAMETERS parameters = {};
    // "TLS 1.3 only", the hardening guide said.
    parameters.grbitDisabledProtocols = ~SP_PROT_TLS1_3_CLIENT;

    SCH_CREDENTIALS credentials = {};
    credentials.dwVersion = SCH_CREDENTIALS_VERSION;
    credentials.dwFlags = SCH_USE_STRONG_CRYPTO;
    credentials.cTlsParameters = 1;
    credentials.pTlsParameters = &parameters;
    return AcquireCredentialsHandleW(nullptr, const_cast<LPWSTR>(UNISP_NAME_W),
                                     SECPKG_CRED_OUTBOUND, nullptr, &credentials, nullptr,
                                     nullptr, handle, expiry);
}

SECURITY_STATUS AcquireCompatibleCredentials(CredHandle* handle, TimeStamp* expiry)
{
    // Refusing only TLS 1.0 and 1.1 is fine.
    TLS_PARAMETERS parameters = {};
    parameters.grbitDisabledProtocols = SP_PROT_TLS1_0_CLIENT | SP_PROT_TLS1_1_CLIENT;

    SCH_CREDENTIALS credentials = {};
    credentials.dwVersion = SCH_CREDENTIALS_VERSION;
    credentials.cTlsParameters = 1;
    credentials.pTlsParameters = &parameters;
    return AcquireCredentialsHandleW(nullptr, const_cast<LPWSTR>(UNISP_NAME_W),
                                     SECPKG_CRED_OUTBOUND, nullptr, &credentials, nullptr,
                                     nullptr, handle, expiry);
}
