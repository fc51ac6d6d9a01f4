// downloader.cpp - fetches update packages over HTTPS with WinHTTP.
#include "tls_flags.h"

#include <string>
#include <vector>

// The update mirrors of two customers still only speak TLS 1.0 (ticket OPS-1432).
#define DOWNLOADER_PROTOCOLS (WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2)

static const wchar_t kUserAgent[] = L"UpdateAgent/2.4";

class Downloader
{
public:
    bool Open();
    bool OpenLegacyMirror();
    bool Download(const std::wstring& host, const std::wstring& path, std::vector<char>& body);

private:
    HINTERNET m_session = nullptr;
};

bool Downloader::Open()
{
    m_session = WinHttpOpen(kUserAgent, WINHTTP_ACCESS_TYPE_DEFAULT_PROXY,
                            WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
    if (!m_session)
        return false;

    DWORD protocols = DOWNLOADER_PROTOCOLS;
#if defined(WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3)
    protocols |= WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3;
#endif
    if (!WinHttpSetOption(m_session, WINHTTP_OPTION_SECURE_PROTOCOLS, &protocols, sizeof(protocols)))
    {
        // Older systems reject TLS 1.3: try again without it.
        protocols &= ~WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3;
        WinHttpSetOption(m_session, WINHTTP_OPTION_SECURE_PROTOCOLS, &protocols, sizeof(protocols));
    }
    return true;
}

bool Downloader::OpenLegacyMirror()
{
    // "All" protocols, so that the old mirror always works.
    DWORD all = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;
    if (!::WinHttpSetOption(m_session, WINHTTP_OPTION_SECURE_PROTOCOLS, (LPVOID)&all, sizeof(all)))
    {
        OutputDebugStringA("cannot set WINHTTP_FLAG_SECURE_PROTOCOL_ALL\n");
        return false;
    }

    // Option 84 is WINHTTP_OPTION_SECURE_PROTOCOLS; 0x280 is TLS 1.0 + TLS 1.1.
    DWORD mirrorProtocols = 0x800;
    return WinHttpSetOption(m_session, 84, &mirrorProtocols, sizeof(mirrorProtocols)) != FALSE;
}

#if 0
// The SSL 3.0 fallback we shipped in 2.1; kept for reference.
static void EnableSsl3Fallback(HINTERNET session)
{
    DWORD ssl3 = WINHTTP_FLAG_SECURE_PROTOCOL_SSL3 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1;
    WinHttpSetOption(session, WINHTTP_OPTION_SECURE_PROTOCOLS, &ssl3, sizeof(ssl3));
}
#endif

bool Downloader::Download(const std::wstring& host, const std::wstring& path, std::vector<char>& body)
{
    HINTERNET connect = WinHttpConnect(m_session, host.c_str(), INTERNET_DEFAULT_HTTPS_PORT, 0);
    if (!connect)
        return false;
    HINTERNET request = WinHttpOpenRequest(connect, L"GET", path.c_str(), nullptr,
                                           WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES,
                                           WINHTTP_FLAG_SECURE);
    // Reading the option back is not a finding.
    DWORD current = 0, size = sizeof(current);
    WinHttpQueryOption(m_session, WINHTTP_OPTION_SECURE_PROTOCOLS, &current, &size);

    bool ok = request
        && WinHttpSendRequest(request, WINHTTP_NO_ADDITIONAL_HEADERS, 0,
                              WINHTTP_NO_REQUEST_DATA, 0, 0, 0)
        && WinHttpReceiveResponse(request, nullptr);
    DWORD available = 0;
    while (ok && WinHttpQueryDataAvailable(request, &available) && available > 0)
    {
        std::vector<char> chunk(available);
        DWORD read = 0;
        ok = WinHttpReadData(request, chunk.data(), available, &read) != FALSE;
        body.insert(body.end(), chunk.begin(), chunk.begin() + read);
    }
    if (request)
        WinHttpCloseHandle(request);
    WinHttpCloseHandle(connect);
    return ok;
}
