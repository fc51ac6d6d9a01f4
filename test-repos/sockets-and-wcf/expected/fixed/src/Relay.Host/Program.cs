using System;

namespace Relay.Host
{
    internal static class Program
    {
        private const string DisableStrongCrypto = "Switch.System.Net.DontEnableSchUseStrongCrypto";

        private static void Main()
        {
            // A 2016 workaround for an old appliance; nobody remembers why.
            AppContext.SetSwitch(DisableStrongCrypto, false);
            AppContext.SetSwitch("Switch.System.ServiceModel.DisableUsingServicePointManagerSecurityProtocols", false);
            // The opposite is an opt-in, not a finding.
            AppContext.SetSwitch("Switch.System.Net.DontEnableSystemDefaultTlsVersions", false);
        }
    }
}
