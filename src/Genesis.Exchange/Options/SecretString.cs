using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Genesis.Exchange.Options;

/// <summary>
/// Holds a secret (API key, HMAC secret, private key). <see cref="ToString()"/>, the debugger and formatting
/// never show it; only the signers read it. Binds from configuration strings.
/// </summary>
[DebuggerDisplay("***")]
[TypeConverter(typeof(SecretStringConverter))]
public sealed class SecretString : IEquatable<SecretString>, IFormattable
{
    private const string Redacted = "***";
    private readonly string _value;

    /// <summary>Wraps a secret value.</summary>
    /// <param name="value">The secret.</param>
    public SecretString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>Whether the secret is empty or white space.</summary>
    public bool IsEmpty => string.IsNullOrWhiteSpace(_value);

    /// <summary>Length of the secret (safe to log).</summary>
    public int Length => _value.Length;

    /// <summary>Wraps a value, or returns null for null or empty input.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The secret or null.</returns>
    public static SecretString? FromNullable(string? value) => string.IsNullOrWhiteSpace(value) ? null : new SecretString(value.Trim());

    /// <summary>Reveals the secret to the signing code. Never log the result.</summary>
    /// <returns>The secret.</returns>
    internal string Reveal() => _value;

    /// <summary>Always <c>***</c>.</summary>
    /// <returns>The redacted text.</returns>
    public override string ToString() => Redacted;

    /// <summary>Always <c>***</c>.</summary>
    /// <param name="format">Ignored.</param>
    /// <param name="formatProvider">Ignored.</param>
    /// <returns>The redacted text.</returns>
    public string ToString(string? format, IFormatProvider? formatProvider) => Redacted;

    /// <inheritdoc />
    public bool Equals(SecretString? other) =>
        other is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(_value), System.Text.Encoding.UTF8.GetBytes(other._value));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SecretString other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value.Length;
}

/// <summary>Converts configuration strings to <see cref="SecretString"/> (and never back to text).</summary>
internal sealed class SecretStringConverter : TypeConverter
{
    /// <inheritdoc />
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string);

    /// <inheritdoc />
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string s ? SecretString.FromNullable(s) : base.ConvertFrom(context, culture, value);

    /// <inheritdoc />
    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType) =>
        destinationType == typeof(string) ? "***" : base.ConvertTo(context, culture, value, destinationType);
}
