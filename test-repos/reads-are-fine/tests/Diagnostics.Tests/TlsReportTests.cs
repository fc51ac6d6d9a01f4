using System.Net;
using System.Security.Authentication;
using NUnit.Framework;
using Xunit;

namespace Diagnostics.Tests
{
    public class TlsReportTests
    {
        [Test]
        public void DescribesLegacy()
        {
            NUnit.Framework.Assert.AreEqual(SecurityProtocolType.Ssl3, ServicePointManager.SecurityProtocol & SecurityProtocolType.Ssl3);
            NUnit.Framework.Assert.That(TlsReport.Score(SslProtocols.Tls12), Is.EqualTo(1));
        }

        [Fact]
        public void StripsLegacy()
        {
            TlsReport.StripLegacy();
            Xunit.Assert.False(ServicePointManager.SecurityProtocol.HasFlag(SecurityProtocolType.Tls11));
            Xunit.Assert.NotEqual(SecurityProtocolType.Tls, ServicePointManager.SecurityProtocol);
        }
    }
}
