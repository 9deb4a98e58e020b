using System.Collections.Frozen;

namespace Genesis.Exchange.Errors;

/// <summary>Maps every code of Binance's error list (<c>errors.md</c>) to a category and to a typed exception.</summary>
public static class BinanceErrorCodes
{
    private static readonly FrozenDictionary<int, BinanceErrorCategory> Categories = Build();

    /// <summary>Every code this version maps explicitly.</summary>
    public static IReadOnlyCollection<int> KnownCodes => Categories.Keys;

    /// <summary>The category of a code; codes not in the table fall back by range (-10xx unavailable, -11xx validation, -20xx rejected).</summary>
    /// <param name="code">The Binance code.</param>
    /// <returns>The category.</returns>
    public static BinanceErrorCategory Categorize(int code)
    {
        if (Categories.TryGetValue(code, out var category))
        {
            return category;
        }

        return code switch
        {
            <= -1000 and > -1100 => BinanceErrorCategory.ExchangeUnavailable,
            <= -1100 and > -2000 => BinanceErrorCategory.Validation,
            <= -2000 and > -3000 => BinanceErrorCategory.OrderRejected,
            _ => BinanceErrorCategory.Unknown,
        };
    }

    /// <summary>Whether the code is in the explicit table.</summary>
    /// <param name="code">The code.</param>
    /// <returns>True when mapped explicitly.</returns>
    public static bool IsKnown(int code) => Categories.ContainsKey(code);

    /// <summary>Builds the typed exception for an error the exchange returned.</summary>
    /// <param name="code">The Binance code.</param>
    /// <param name="message">The exchange's message.</param>
    /// <param name="httpStatus">The HTTP status, if any.</param>
    /// <param name="correlationId">The correlation id.</param>
    /// <param name="retryAfter">Retry-After, if sent.</param>
    /// <returns>The exception (not thrown).</returns>
    public static ExchangeException ToException(int code, string? message, int? httpStatus = null, string? correlationId = null, TimeSpan? retryAfter = null)
    {
        var msg = string.IsNullOrWhiteSpace(message) ? "(no message)" : Trim(message);
        var text = $"Binance error {code}: {msg}";
        var category = Categorize(code);

        if (code is -2010 or -1013 && msg.Contains("Filter failure: ", StringComparison.Ordinal))
        {
            var filter = msg[(msg.IndexOf("Filter failure: ", StringComparison.Ordinal) + 16)..].Trim().TrimEnd('.');
            return new FilterViolationException(filter, null, text, code, httpStatus, correlationId);
        }

        if (category == BinanceErrorCategory.OrderRejected)
        {
            if (msg.Contains("insufficient balance", StringComparison.OrdinalIgnoreCase))
            {
                category = BinanceErrorCategory.InsufficientBalance;
            }
            else if (msg.Contains("Unknown order sent", StringComparison.OrdinalIgnoreCase))
            {
                category = BinanceErrorCategory.OrderNotFound;
            }
        }

        return category switch
        {
            BinanceErrorCategory.Authentication => new AuthenticationException(text, code, httpStatus, correlationId),
            BinanceErrorCategory.Timestamp => new TimestampException(text, code, httpStatus, correlationId),
            BinanceErrorCategory.RateLimit => new RateLimitExceededException(text, retryAfter, code, httpStatus, correlationId),
            BinanceErrorCategory.Validation => new ExchangeValidationException(text, code, httpStatus, correlationId),
            BinanceErrorCategory.InsufficientBalance => new InsufficientBalanceException(text, code, httpStatus, correlationId),
            BinanceErrorCategory.OrderRejected => new OrderRejectedException(text, code, httpStatus, correlationId),
            BinanceErrorCategory.OrderNotFound => new OrderNotFoundException(text, code, httpStatus, correlationId),
            BinanceErrorCategory.UnknownExecutionStatus when code == -1007 => new ExchangeTimeoutException(text, code, httpStatus, correlationId),
            BinanceErrorCategory.UnknownExecutionStatus => new ExchangeUnavailableException(text, code, httpStatus, correlationId),
            BinanceErrorCategory.ExchangeUnavailable => new ExchangeUnavailableException(text, code, httpStatus, correlationId),
            _ => new ExchangeException(text, code, httpStatus, correlationId),
        };
    }

    private static string Trim(string message) => message.Length <= 512 ? message : message[..512] + "…";

    private static FrozenDictionary<int, BinanceErrorCategory> Build()
    {
        var map = new Dictionary<int, BinanceErrorCategory>
        {
            [-1000] = BinanceErrorCategory.ExchangeUnavailable,
            [-1001] = BinanceErrorCategory.ExchangeUnavailable,
            [-1002] = BinanceErrorCategory.Authentication,
            [-1003] = BinanceErrorCategory.RateLimit,
            [-1006] = BinanceErrorCategory.UnknownExecutionStatus,
            [-1007] = BinanceErrorCategory.UnknownExecutionStatus,
            [-1008] = BinanceErrorCategory.ExchangeUnavailable,
            [-1010] = BinanceErrorCategory.OrderRejected,
            [-1013] = BinanceErrorCategory.Validation,
            [-1014] = BinanceErrorCategory.Validation,
            [-1015] = BinanceErrorCategory.RateLimit,
            [-1016] = BinanceErrorCategory.ExchangeUnavailable,
            [-1020] = BinanceErrorCategory.Validation,
            [-1021] = BinanceErrorCategory.Timestamp,
            [-1022] = BinanceErrorCategory.Authentication,
            [-1033] = BinanceErrorCategory.Authentication,
            [-1034] = BinanceErrorCategory.RateLimit,
            [-1035] = BinanceErrorCategory.Authentication,
            [-1125] = BinanceErrorCategory.Authentication,
            [-1176] = BinanceErrorCategory.Authentication,
            [-1180] = BinanceErrorCategory.Authentication,
            [-1181] = BinanceErrorCategory.RateLimit,
            [-1191] = BinanceErrorCategory.RateLimit,
            [-2010] = BinanceErrorCategory.OrderRejected,
            [-2011] = BinanceErrorCategory.OrderRejected,
            [-2013] = BinanceErrorCategory.OrderNotFound,
            [-2014] = BinanceErrorCategory.Authentication,
            [-2015] = BinanceErrorCategory.Authentication,
            [-2016] = BinanceErrorCategory.Validation,
            [-2021] = BinanceErrorCategory.OrderRejected,
            [-2022] = BinanceErrorCategory.OrderRejected,
            [-2026] = BinanceErrorCategory.OrderNotFound,
            [-2035] = BinanceErrorCategory.Validation,
            [-2036] = BinanceErrorCategory.Validation,
            [-2038] = BinanceErrorCategory.OrderRejected,
            [-2039] = BinanceErrorCategory.Validation,
            [-2042] = BinanceErrorCategory.Validation,
            [-2043] = BinanceErrorCategory.Validation,
        };

        // Every documented 11xx-12xx request error is a validation error (except those set above).
        int[] requestErrors =
        [
            -1100, -1101, -1102, -1103, -1104, -1105, -1106, -1108, -1111, -1112, -1114, -1115, -1116, -1117, -1118,
            -1119, -1120, -1121, -1122, -1127, -1128, -1130, -1134, -1135, -1139, -1145, -1151, -1152, -1153, -1155,
            -1158, -1160, -1161, -1165, -1166, -1168, -1169, -1170, -1171, -1172, -1173, -1174, -1175, -1177, -1178,
            -1179, -1182, -1183, -1184, -1185, -1186, -1187, -1188, -1189, -1190, -1194, -1196, -1197, -1198, -1199,
            -1210, -1211, -1220, -1221, -1222, -1223, -1224, -1225,
        ];
        foreach (var code in requestErrors)
        {
            map.TryAdd(code, BinanceErrorCategory.Validation);
        }

        return map.ToFrozenDictionary();
    }
}
