namespace Genesis.Exchange.Testing;

/// <summary>How the fake server answers while in maintenance.</summary>
public enum MaintenanceMode
{
    /// <summary>Not in maintenance: requests are served.</summary>
    Off = 0,
    /// <summary>Every REST request gets HTTP 503 with <c>{"code":-1016,"msg":"This service is no longer available."}</c>; WebSocket upgrades get 503.</summary>
    JsonError,
    /// <summary>Every REST request gets HTTP 503 with an HTML maintenance page; WebSocket upgrades get 503.</summary>
    HtmlPage,
}
