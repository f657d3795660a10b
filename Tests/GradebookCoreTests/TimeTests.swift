import Foundation
import Testing

@testable import GradebookCore

/// RULES §9–12: timestamps become instants at once; naive ones are wall-clock time in the course zone.
struct TimeTests {
  let hk = TimestampParser(zone: TimeZone(identifier: "Asia/Hong_Kong")!)
  let london = TimestampParser(zone: TimeZone(identifier: "Europe/London")!)

  func utc(_ text: String) -> Instant { TimestampParser(zone: TimeZone(identifier: "UTC")!).parseISO(text)! }

  @Test func rule12_isoFormsWithAndWithoutSecondsAndOffsets() {
    #expect(hk.parseISO("2026-01-30T23:59") == utc("2026-01-30T15:59:00"))
    #expect(hk.parseISO("2026-01-30 23:59:00") == utc("2026-01-30T15:59"))
    #expect(hk.parseISO("2026-01-30") == utc("2026-01-29T16:00"))
    #expect(hk.parseISO("2026-01-30T23:59:00Z") == utc("2026-01-30T23:59"))
    #expect(hk.parseISO("2026-01-30T23:59+08:00") == utc("2026-01-30T15:59"))
    #expect(hk.parseISO("2026-01-30T23:59+0800") == utc("2026-01-30T15:59"))
    #expect(hk.parseISO("2026-01-30T23:59+08") == utc("2026-01-30T15:59"))
    #expect(hk.parseISO("2026-01-30T23:59:00.250Z")?.milliseconds == utc("2026-01-30T23:59").milliseconds + 250)
  }

  /// Evidence shows times as the course's wall clock, the year always in four digits (a slip such
  /// as year 1 read "1-01-01").
  @Test func displayedTimesHaveAFourDigitYear() throws {
    #expect(hk.display(try #require(hk.parseISO("2026-02-03T14:30"))) == "2026-02-03 14:30 HKT")
    #expect(hk.display(try #require(hk.parseISO("0001-01-01T00:00:05"))).hasPrefix("0001-01-01 00:00:05 "))
    #expect(hk.display(try #require(hk.parseISO("0999-12-31T23:59"))).hasPrefix("0999-12-31 23:59 "))
  }

  @Test(arguments: [
    "2026-04-31", "2026-02-29T10:00", "2026-02-30", "2026-01-30T25:00", "2026-01-30T23:60", "2026-13-01", "30/01/2026", "2026-1-3", "",
    "2026-01-30T23:59+25:00",
  ])
  func rule12_impossibleOrMalformedTimestampsAreRefusedNotRolledOver(text: String) {
    #expect(hk.parseISO(text) == nil)
  }

  /// RULES §12: a text of the right shape that names no real time says why, so the person fixing
  /// the file is not told to change its format.
  @Test func rule12_aWellFormedButImpossibleTimeSaysWhy() throws {
    #expect(hk.readISO("2026-02-30T10:00") == .impossible("February 2026 has 28 days, so no day 30"))
    #expect(hk.readISO("2028-02-30") == .impossible("February 2028 has 29 days, so no day 30"))
    #expect(hk.readISO("2026-13-01") == .impossible("there is no month 13"))
    #expect(hk.readISO("2026-01-30T24:00") == .impossible("there is no hour 24 (hours run 0 to 23)"))
    #expect(hk.readISO("2026-01-30T23:60") == .impossible("there is no minute 60"))
    #expect(hk.readISO("30/01/2026") == .mismatch)
    #expect(hk.readISO("2026-02-30T10:00 tomorrow") == .mismatch)
    #expect(hk.readISO("2026-02-27T10:00") == .instant(hk.parseISO("2026-02-27T10:00")!))
    let microsoft = try #require(TimestampFormat("M/d/yyyy H:mm:ss"))
    #expect(hk.read("2/30/2026 15:25:00", format: microsoft) == .impossible("February 2026 has 28 days, so no day 30"))
    #expect(hk.read("4/31/2026 9:00:00", format: microsoft) == .impossible("April 2026 has 30 days, so no day 31"))
    #expect(hk.read("2026-02-01 9:00:00", format: microsoft) == .mismatch)
  }

  @Test func rule9_ambiguousAutumnTimeIsTheFirstOccurrence() {
    // 2026-10-25 01:30 happens twice in London (BST then GMT); the first is 00:30 UTC.
    #expect(london.parseISO("2026-10-25T01:30") == utc("2026-10-25T00:30"))
  }

  @Test func rule9_springGapUsesTheOffsetBeforeTheGap() {
    // 2026-03-29 01:30 does not exist in London; read with GMT (the offset before) it is 01:30 UTC.
    #expect(london.parseISO("2026-03-29T01:30") == utc("2026-03-29T01:30"))
    #expect(london.parseISO("2026-03-29T02:30") == utc("2026-03-29T01:30"))
  }

  @Test func rule12_durations() {
    #expect(TimeSpan(parsing: "48h") == .hours(48))
    #expect(TimeSpan(parsing: "1h30m") == .minutes(90))
    #expect(TimeSpan(parsing: "7d") == .hours(168))
    #expect(TimeSpan(parsing: "1w") == .hours(168))
    #expect(TimeSpan(parsing: "15m") == .minutes(15))
    #expect(TimeSpan(parsing: "90s") == .seconds(90))
    #expect(TimeSpan(parsing: "2") == .hours(2))
    #expect(TimeSpan(parsing: "1.5h") == .minutes(90))
    #expect(TimeSpan(parsing: "3x") == nil)
    #expect(TimeSpan(parsing: "h") == nil)
    #expect(TimeSpan(parsing: "") == nil)
    // Longer than 1,000 years is not a duration (it trapped on overflow before: found by the fuzzer).
    #expect(TimeSpan(parsing: "8766000h") == .hours(8_766_000))
    #expect(TimeSpan(parsing: "8766001h") == nil)
    #expect(TimeSpan(parsing: String(repeating: "4", count: 105)) == nil)
    #expect(TimeSpan(parsing: String(repeating: "9", count: 400) + "d") == nil)  // Double: infinity
    #expect(TimeSpan.hours(26).description == "1d2h")
  }

  /// RULES §12 durations are compact (`48h`); one written in words or with spaces is not read as
  /// one, but offered in that form.
  @Test func rule12_aDurationInWordsIsOfferedItsCompactForm() {
    #expect(TimeSpan.compactForm(of: "1 day") == "1d")
    #expect(TimeSpan.compactForm(of: "2 days, 12 hours") == "2d12h")
    #expect(TimeSpan.compactForm(of: "1 day and 6 hrs") == "1d6h")
    #expect(TimeSpan.compactForm(of: "1d 12h") == "1d12h")
    #expect(TimeSpan.compactForm(of: "48H") == "48h")
    #expect(TimeSpan.compactForm(of: "30 min") == "30m")
    #expect(TimeSpan.compactForm(of: "1.5 weeks") == "1.5w")
    #expect(TimeSpan(parsing: "1 day") == nil)  // offered, never read
    for nonsense in ["two days", "1 fortnight", "48h", "soon", "", "1 day 6", "days 1", "1;d"] {
      #expect(TimeSpan.compactForm(of: nonsense) == nil, "\(nonsense)")
    }
  }

  @Test func formsFormats() throws {
    let microsoft = try #require(TimestampFormat("M/d/yyyy H:mm:ss"))
    #expect(hk.parse("3/5/2026 9:07:33", format: microsoft) == hk.parseISO("2026-03-05T09:07:33"))
    let google = try #require(TimestampFormat("dd/MM/yyyy HH:mm:ss"))
    #expect(hk.parse("05/03/2026 09:12:05", format: google) == hk.parseISO("2026-03-05T09:12:05"))
    #expect(hk.parse("31/02/2026 09:12:05", format: google) == nil)
    let twelve = try #require(TimestampFormat("MMM d, yyyy h:mm a"))
    #expect(hk.parse("Mar 5, 2026 12:07 AM", format: twelve) == hk.parseISO("2026-03-05T00:07"))
    #expect(hk.parse("Mar 5, 2026 1:07 PM", format: twelve) == hk.parseISO("2026-03-05T13:07"))
    #expect(TimestampFormat("yyyy-QQ") == nil)
  }

  /// Google Forms' downloaded responses write `2026/02/03 10:32:00 PM GMT+8`: LDML's localized GMT
  /// offset `O` reads it (one or two digits of hours, `:mm` optional, `GMT` alone for zero, `UTC`
  /// too), the offset taking the place of the course zone (RULES §9: a time with an offset is that
  /// instant).
  @Test func aLocalizedGMTOffsetIsRead() throws {
    let google = try #require(TimestampFormat("yyyy/MM/dd h:mm:ss a O"))
    #expect(hk.parse("2026/02/03 10:32:00 PM GMT+8", format: google) == utc("2026-02-03T14:32"))
    #expect(london.parse("2026/02/03 10:32:00 PM GMT+8", format: google) == utc("2026-02-03T14:32"))
    #expect(hk.parse("2026/02/03 10:32:00 PM GMT-03:30", format: google) == utc("2026-02-04T02:02"))
    #expect(hk.parse("2026/02/03 10:32:00 PM GMT\u{2212}3", format: google) == utc("2026-02-04T01:32"))
    #expect(hk.parse("2026/02/03 10:32:00 PM GMT", format: google) == utc("2026-02-03T22:32"))
    #expect(hk.parse("2026/02/03 10:32:00 PM utc+11", format: google) == utc("2026-02-03T11:32"))
    #expect(TimestampFormat("yyyy/MM/dd HH:mm OOOO") != nil)  // OOOO, the long form, compiles
    #expect(
      hk.parse("2026/02/03 22:32 GMT+08:00", format: try #require(TimestampFormat("yyyy/MM/dd HH:mm OOOO"))) == utc("2026-02-03T14:32"))
    for bad in [
      "2026/02/03 10:32:00 PM GMT+", "2026/02/03 10:32:00 PM GMT+19", "2026/02/03 10:32:00 PM GMT+8:5", "2026/02/03 10:32:00 PM +8",
    ] {
      #expect(hk.parse(bad, format: google) == nil, "\(bad)")
    }
    #expect(TimestampFormat("HH:mm OO") == nil)
  }

  /// Any pattern and any text: compiling and reading never crash (a non-ASCII literal once did);
  /// random dates written in formats with non-ASCII literals read as their ISO form does.
  @Test func anyPatternAndAnyTextAreReadWithoutCrashing() {
    let pieces = [
      "yyyy", "yy", "M", "MM", "MMM", "d", "dd", "H", "HH", "h", "hh", "a", "m", "mm", "s", "ss", "S", "SSS", "Z",
      "X", "'T'", "'年'", "'", "''", "/", "-", ":", " ", ",", ".", "–", "年", "Q", "é", "O", "OOOO",
    ]
    let texts = [
      "2026", "26", "3", "03", "Mar", "5", "05", "9", "09", "12", "PM", "am", "07", "33", "123", "+08:00", "Z", "-0500",
      "T", "年", "'", "/", "-", ":", " ", ",", ".", "–", "\u{0}", "ÿ", "99999999999999999999", "", "GMT", "gm", "UTC+8", "\u{2212}",
    ]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<3000 {
      let pattern = (0..<Int.random(in: 0...7, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
      let text = (0..<Int.random(in: 0...9, using: &generator)).map { _ in texts.randomElement(using: &generator)! }.joined()
      guard let format = TimestampFormat(pattern) else { continue }
      _ = hk.read(text, format: format)
    }
    let chinese = TimestampFormat("yyyy'年'M'月'd'日' HH:mm")!
    let dashed = TimestampFormat("d/M/yyyy – H:mm")!
    for _ in 0..<500 {
      let (y, mo, d) = (Int.random(in: 2000...2099), Int.random(in: 1...12), Int.random(in: 1...28))
      let (h, mi) = (Int.random(in: 0...23), Int.random(in: 0...59))
      func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
      let iso = hk.parseISO("\(y)-\(two(mo))-\(two(d))T\(two(h)):\(two(mi))")
      #expect(iso != nil)
      #expect(hk.parse("\(y)年\(mo)月\(d)日 \(two(h)):\(two(mi))", format: chinese) == iso)
      #expect(hk.parse("\(d)/\(mo)/\(y) – \(h):\(two(mi))", format: dashed) == iso)
    }
  }

  /// A format with literals outside ASCII (a Chinese-locale export: `2026年3月5日 09:07`) reads its
  /// literals byte for byte; a timestamp with other characters there is no match, not a crash.
  @Test func formsFormatsWithNonASCIILiterals() throws {
    let chinese = try #require(TimestampFormat("yyyy'年'M'月'd'日' HH:mm"))
    #expect(hk.parse("2026年3月5日 09:07", format: chinese) == hk.parseISO("2026-03-05T09:07"))
    #expect(hk.parse("2026年3月5号 09:07", format: chinese) == nil)
    #expect(hk.parse("2026-3-5 09:07", format: chinese) == nil)
    #expect(hk.parse("2026年3月5", format: chinese) == nil)
    let dash = try #require(TimestampFormat("d/M/yyyy – H:mm"))  // an en dash between date and time
    #expect(hk.parse("5/3/2026 – 9:07", format: dash) == hk.parseISO("2026-03-05T09:07"))
    #expect(hk.parse("5/3/2026 - 9:07", format: dash) == nil)
  }

  @Test func rule10_slotStartsAreWallClockInTheCourseZoneAcrossDST() throws {
    let calendar = CourseCalendar(
      week1Monday: CivilTime(year: 2026, month: 3, day: 16)!, weeks: 13, classWeekday: 2, startHour: 14, startMinute: 30)
    let track = Track(name: .paperReading, weeks: 1...5, perWeek: 2, slotMinutes: 45, registrationDeadline: nil)
    let course = CourseConfig(
      course: "X", zone: TimeZone(identifier: "Europe/London")!, rubric: "r", roster: "r.csv", calendar: calendar, paperReading: track)
    // Week 1 Tuesday 17 March is GMT; week 3 Tuesday 31 March is BST (clocks change on 29 March).
    #expect(course.start(of: SlotID(week: 1, number: 1)) == utc("2026-03-17T14:30"))
    #expect(course.start(of: SlotID(week: 3, number: 2)) == utc("2026-03-31T14:15"))
  }

  @Test func rule14_slotIDsInCanonicalShortAndLowerCaseForms() {
    #expect(SlotID(parsing: "W05-2") == SlotID(week: 5, number: 2))
    #expect(SlotID(parsing: "w5-2") == SlotID(week: 5, number: 2))
    #expect(SlotID(parsing: "W05-2x") == nil)
    #expect(SlotID.prefix(of: "W13-2 G07 — Diffusion for video")?.0 == SlotID(week: 13, number: 2))
    #expect(SlotID.prefix(of: "W13-22")?.0 == SlotID(week: 13, number: 22))
    #expect(SlotID.prefix(of: "Week 13") == nil)
    #expect(SlotID(week: 5, number: 2).description == "W05-2")
    // Read in place from the string's bytes: a prefix stops at 16 bytes, a slot number at 6 digits.
    #expect(SlotID.prefix(of: "W123-123456 x")?.1 == 11)
    #expect(SlotID.prefix(of: "W123-1234567") == nil)
    #expect(SlotID.prefix(of: "W5-2")?.1 == 4)
    #expect(SlotID.prefix(of: "W") == nil)
    #expect(SlotID.prefix(of: "") == nil)
  }

  /// A registration's stored choices (`W05-2,W06-1`) read as the pieces split at commas would be,
  /// one by one through `SlotID(parsing:)`: empty or malformed pieces skipped, order kept.
  @Test func rule14_storedChoicesReadAsTheirCommaSeparatedPieces() {
    let lists = [
      "", ",", "W05-2", "W05-2,W06-1", "W05-2,,W06-1,", ",W05-2", "W05-2,x,W06-1", "W05-2 ,W06-1",
      "w5-2,W06-10,W123-123456", "W05-2x,W07-3", "W05-2,W05-2",
    ]
    for list in lists {
      let expected = list.split(separator: ",").compactMap { SlotID(parsing: String($0)) }
      #expect(SlotID.list(list) == expected, "\(list)")
    }
    #expect(SlotID.list("W05-2,W06-1") == [SlotID(week: 5, number: 2), SlotID(week: 6, number: 1)])
  }
}
