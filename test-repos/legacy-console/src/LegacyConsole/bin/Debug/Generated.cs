// Build output that .gitignore excludes: never linted.
class Generated { void M() { System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.Ssl3; } }
