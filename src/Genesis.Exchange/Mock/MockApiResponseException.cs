namespace Genesis.Exchange.Mock;

/// <summary>
/// An error answer whose body is more than <c>{"code","msg"}</c> (e.g. a cancel-replace failure with its <c>data</c>);
/// thrown by a handler after it changed the exchange's state, inside the mock only.
/// </summary>
internal sealed class MockApiResponseException : Exception
{
    /// <summary>Creates the answer.</summary>
    /// <param name="httpStatus">The HTTP status.</param>
    /// <param name="body">The JSON body.</param>
    public MockApiResponseException(int httpStatus, byte[] body)
        : base($"HTTP {httpStatus}")
    {
        HttpStatus = httpStatus;
        Body = body;
    }

    /// <summary>Creates an answer with no details (required by the analyzers).</summary>
    public MockApiResponseException()
        : this(400, [])
    {
    }

    /// <summary>Creates an answer with a message (required by the analyzers).</summary>
    /// <param name="message">The message.</param>
    public MockApiResponseException(string message)
        : base(message)
    {
        HttpStatus = 400;
        Body = [];
    }

    /// <summary>Creates an answer with a message and a cause (required by the analyzers).</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public MockApiResponseException(string message, Exception innerException)
        : base(message, innerException)
    {
        HttpStatus = 400;
        Body = [];
    }

    /// <summary>The HTTP status.</summary>
    public int HttpStatus { get; }

    /// <summary>The JSON body.</summary>
    public byte[] Body { get; }
}
