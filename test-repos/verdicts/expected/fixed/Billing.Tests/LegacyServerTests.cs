using System.Net;
using Xunit;

namespace Billing.Tests
{
    public class LegacyServerTests
    {
        [Fact]
        public void Talks_to_the_TLS_1_0_simulator()
        {
            // Test code: would break in production, does not run there.
            ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault;
            Assert.True(Simulator.Connect());
        }
    }
}
