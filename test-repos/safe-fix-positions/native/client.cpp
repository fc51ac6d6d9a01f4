#include <windows.h>
#include <schannel.h>

void configure(SCHANNEL_CRED *cred, int legacy)
{
    cred->grbitEnabledProtocols = SP_PROT_TLS1_2_CLIENT;
    if (legacy)
#ifdef LEGACY_PEERS
        cred->grbitEnabledProtocols |= SP_PROT_TLS1_1_CLIENT;
#endif
    cred->grbitEnabledProtocols |= SP_PROT_TLS1_3_CLIENT;
}
