// WinHttpBridge.cpp - C++/CLI bridge that lets the .NET front end reuse the native session.
#include <windows.h>
#include <winhttp.h>
#include <vcclr.h>

using namespace System;

namespace UpdateAgent { namespace Interop {

public ref class WinHttpBridge sealed
{
public:
    WinHttpBridge(IntPtr session) : m_session(static_cast<HINTERNET>(session.ToPointer())) {}

    // C++/CLI properties are not C++: the parser gives up around them, and tlslint reads the
    // setter token by token instead.
    property bool LegacyMirrors
    {
        void set(bool value)
        {
            DWORD flags = value ? WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2
                                : WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;
            WinHttpSetOption(m_session, WINHTTP_OPTION_SECURE_PROTOCOLS, &flags, sizeof(flags));
        }
    }

    void AllowOldProxies(array<String^>^ hosts)
    {
        for each (String^ host in hosts)
        {
            pin_ptr<const wchar_t> name = PtrToStringChars(host);
            OutputDebugStringW(name);
        }
        DWORD flags = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;
        WinHttpSetOption(m_session, WINHTTP_OPTION_SECURE_PROTOCOLS, &flags, sizeof(flags));
    }

private:
    HINTERNET m_session;
};

} }
