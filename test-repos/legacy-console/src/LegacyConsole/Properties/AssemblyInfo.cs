using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("LegacyConsole")]
[assembly: AssemblyProduct("LegacyConsole")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("1.4.0.0")]
