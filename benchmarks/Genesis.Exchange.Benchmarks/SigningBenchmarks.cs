using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Genesis.Exchange.Binance.Signing;
using Genesis.Exchange.Options;

namespace Genesis.Exchange.Benchmarks;

/// <summary>Signing a typical order payload with each scheme; the baseline is a bare HMACSHA256.HashData call.</summary>
[MemoryDiagnoser]
public class SigningBenchmarks
{
    private const string Secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559");
    private static readonly byte[] Key = Encoding.UTF8.GetBytes(Secret);
    private HmacSha256Signer _hmac = null!;
    private Ed25519Signer _ed25519 = null!;
    private RsaSigner _rsa = null!;

    [GlobalSetup]
    public void Setup()
    {
        _hmac = new HmacSha256Signer(new SecretString(Secret));
        var fixtures = Path.Combine(AppContext.BaseDirectory, "fixtures", "signing");
        _ed25519 = new Ed25519Signer(new SecretString(File.ReadAllText(Path.Combine(fixtures, "ed25519-test-key.pem"))));
        _rsa = new RsaSigner(new SecretString(File.ReadAllText(Path.Combine(fixtures, "rsa-test-key.pem"))));
    }

    [GlobalCleanup]
    public void Cleanup() => _rsa.Dispose();

    [Benchmark(Baseline = true)]
    public string RawHmacSha256() => Convert.ToHexStringLower(HMACSHA256.HashData(Key, Payload));

    [Benchmark]
    public string HmacSigner() => _hmac.Sign(Payload);

    [Benchmark]
    public string Ed25519Signer() => _ed25519.Sign(Payload);

    [Benchmark]
    public string RsaSigner() => _rsa.Sign(Payload);
}
