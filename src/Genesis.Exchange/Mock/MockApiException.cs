namespace Genesis.Exchange.Mock;

/// <summary>A Binance error the mock answers with (<c>{"code":…,"msg":…}</c>); thrown inside the mock only.</summary>
internal sealed class MockApiException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="code">The Binance code.</param>
    /// <param name="message">The Binance message, exactly as the exchange writes it.</param>
    /// <param name="httpStatus">The HTTP status.</param>
    public MockApiException(int code, string message, int httpStatus = 400)
        : base(message)
    {
        Code = code;
        HttpStatus = httpStatus;
    }

    /// <summary>Creates an error with no details (required by the analyzers).</summary>
    public MockApiException()
        : this(-1000, "An unknown error occurred while processing the request.")
    {
    }

    /// <summary>Creates an error with a message (code -1000).</summary>
    /// <param name="message">The message.</param>
    public MockApiException(string message)
        : this(-1000, message)
    {
    }

    /// <summary>Creates an error with a message and a cause (code -1000).</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public MockApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = -1000;
        HttpStatus = 400;
    }

    /// <summary>The Binance code.</summary>
    public int Code { get; }

    /// <summary>The HTTP status.</summary>
    public int HttpStatus { get; }

    /// <summary>-2010 insufficient balance.</summary>
    public static MockApiException InsufficientBalance() => new(-2010, "Account has insufficient balance for requested action.");

    /// <summary>-1102 for a missing parameter.</summary>
    /// <param name="name">The parameter.</param>
    /// <returns>The error.</returns>
    public static MockApiException Mandatory(string name) => new(-1102, $"Mandatory parameter '{name}' was not sent, was empty/null, or malformed.");

    /// <summary>-1121 invalid symbol.</summary>
    /// <returns>The error.</returns>
    public static MockApiException InvalidSymbol() => new(-1121, "Invalid symbol.");
}
