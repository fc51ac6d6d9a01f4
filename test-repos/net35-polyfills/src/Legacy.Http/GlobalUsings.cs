global using Protocols = System.Net.SecurityProtocolType;
global using System.Net;
