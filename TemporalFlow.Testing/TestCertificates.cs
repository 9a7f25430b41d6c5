using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TemporalFlow.Testing;

/// <summary>
/// A throwaway certificate authority and a server certificate it signed for <c>localhost</c> and <c>127.0.0.1</c>, written as
/// PEM files: what a TLS-serving Temporal frontend needs in a test, with the CA for the clients to trust.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("temporalflow-tls-");

    public TestCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=TemporalFlow test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // server auth
        var serial = RandomNumberGenerator.GetBytes(16);
        using var server = serverRequest.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);

        CaPem = ca.ExportCertificatePem();
        CertPath = Write("server.pem", server.ExportCertificatePem());
        KeyPath = Write("server-key.pem", serverKey.ExportPkcs8PrivateKeyPem());
        CaPath = Write("ca.pem", CaPem);
    }

    /// <summary>The authority's certificate (PEM): what a client trusts to accept the server.</summary>
    public string CaPem { get; }

    public string CaPath { get; }

    public string CertPath { get; }

    public string KeyPath { get; }

    public void Dispose() => folder.Delete(recursive: true);

    private string Write(string name, string pem)
    {
        var path = Path.Combine(folder.FullName, name);
        File.WriteAllText(path, pem);
        return path;
    }
}
