using Genesis.Exchange.Models;

namespace Genesis.Exchange.Errors;

/// <summary>
/// A cancel-replace failed in part (-2021, "Order cancel-replace partially failed.") or completely (-2022, "Order
/// cancel-replace failed."). <see cref="Result"/> says which half went through: with ALLOW_FAILURE a new order may have
/// been placed although the cancel failed, and with a failed new order the old one may already be canceled.
/// </summary>
public sealed class CancelReplaceException : OrderRejectedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="result">What each half did.</param>
    /// <param name="binanceCode">-2021 or -2022.</param>
    /// <param name="httpStatus">The HTTP status (400 or 409).</param>
    /// <param name="correlationId">The correlation id.</param>
    public CancelReplaceException(string message, CancelReplaceResult result, int? binanceCode, int? httpStatus = null, string? correlationId = null)
        : base(message, binanceCode, httpStatus, correlationId)
    {
        ArgumentNullException.ThrowIfNull(result);
        Result = result;
    }

    /// <summary>What each half of the request did.</summary>
    public CancelReplaceResult Result { get; }
}
