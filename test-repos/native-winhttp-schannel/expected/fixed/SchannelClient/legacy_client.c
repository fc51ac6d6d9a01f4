/* legacy_client.c - raw Schannel client for the label printers (SCHANNEL_CRED). */
#define SECURITY_WIN32
#include <windows.h>
#include <security.h>
#include <schannel.h>

/* An old copy of curl's header got this one wrong (SSL 3.0 is 0x20). */
#ifndef SP_PROT_SSL3_CLIENT
#define SP_PROT_SSL3_CLIENT 0x00000008
#endif

SECURITY_STATUS AcquirePrinterCredentials(CredHandle *handle, TimeStamp *expiry)
{
    SCHANNEL_CRED cred;
    ZeroMemory(&cred, sizeof(cred));
    cred.dwVersion = SCHANNEL_CRED_VERSION;
    cred.grbitEnabledProtocols = SP_PROT_TLS1_2_CLIENT;
    cred.dwFlags = SCH_CRED_NO_DEFAULT_CREDS | SCH_USE_STRONG_CRYPTO;
    return AcquireCredentialsHandleW(NULL, (LPWSTR)UNISP_NAME_W, SECPKG_CRED_OUTBOUND, NULL,
                                     &cred, NULL, NULL, handle, expiry);
}

SECURITY_STATUS AcquireGatewayCredentials(CredHandle *handle, TimeStamp *expiry)
{
    /* Positional: grbitEnabledProtocols is the ninth member. */
    SCHANNEL_CRED cred = { SCHANNEL_CRED_VERSION, 0, NULL, NULL, 0, NULL, 0, NULL,
                           SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT };
    return AcquireCredentialsHandleW(NULL, (LPWSTR)UNISP_NAME_W, SECPKG_CRED_OUTBOUND, NULL,
                                     &cred, NULL, NULL, handle, expiry);
}

SECURITY_STATUS AcquireDefaultCredentials(CredHandle *handle, TimeStamp *expiry)
{
    /* 0 lets Windows choose: no finding. */
    SCHANNEL_CRED cred = { .dwVersion = SCHANNEL_CRED_VERSION, .grbitEnabledProtocols = 0,
                           .dwFlags = SCH_USE_STRONG_CRYPTO };
    return AcquireCredentialsHandleW(NULL, (LPWSTR)UNISP_NAME_W, SECPKG_CRED_OUTBOUND, NULL,
                                     &cred, NULL, NULL, handle, expiry);
}
