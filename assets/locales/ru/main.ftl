# Parta — русский каталог (язык по умолчанию).
lang-name = Русский
skip-to-content = Перейти к содержимому
nav-main = Главное меню
nav-menu = Меню
nav-admin = Управление
nav-home = Главная
nav-diary = Дневник
nav-journal = Журнал
nav-timetable = Расписание
nav-periods = Периоды
nav-users = Пользователи
nav-school = Школа
nav-signins = Журнал входов
nav-classes = Классы
nav-structure = Структура школы
nav-exchange = Импорт и экспорт
nav-audit = Аудит
sign-in = Войти
sign-out = Выйти
sign-in-title = Вход в систему
sign-in-address = Адрес для входа
sign-in-refused = Неверный логин или пароль.
sign-in-paused = Слишком много неудачных попыток. Попробуйте снова через { $n ->
    [one] { $n } минуту
    [few] { $n } минуты
   *[other] { $n } минут
}.
n-minutes = { $n ->
    [one] { $n } минуту
    [few] { $n } минуты
   *[other] { $n } минут
}
demo-accounts = Демо-школа: учётные записи
demo-password-hint = У всех пароль «demo».
save = Сохранить
search = Найти
upload = Загрузить
form-has-errors = Проверьте поля, отмеченные ниже.
field-login = Логин
field-password = Пароль
field-password-current = Текущий пароль
field-password-new = Новый пароль
field-password-repeat = Новый пароль ещё раз
field-surname = Фамилия
field-first-name = Имя
field-patronymic = Отчество
field-full-name = ФИО
field-email = Электронная почта
field-phone = Телефон
field-position = Должность
field-roles = Роли
field-required = Заполните это поле.
field-too-long = Слишком длинное значение.
email-invalid = Это не похоже на адрес электронной почты.
phone-invalid = В телефоне допустимы цифры, пробелы и знаки + - ( ).
login-invalid = Логин: от 2 до 64 латинских букв, цифр, точек, дефисов или подчёркиваний; начинается с буквы или цифры.
login-rule = Латинские буквы, цифры, «.», «_», «-».
login-taken = Такой логин уже занят.
roles-required = Выберите хотя бы одну роль.
role-admin = Администратор
role-principal = Администрация (завуч)
role-teacher = Учитель
role-class-chief = Классный руководитель
role-psychologist = Психолог
role-social_pedagogue = Социальный педагог
role-student = Ученик
role-parent = Родитель
role-teacher-parent = Учитель и мама ученика
password-change-title = Смена пароля
password-must-change = Перед началом работы задайте свой пароль.
password-rule = Не короче { $n ->
    [one] { $n } символа
   *[other] { $n } символов
}.
password-too-short = Пароль слишком короткий.
password-too-long = Пароль слишком длинный.
password-mismatch = Пароли не совпадают.
password-wrong = Неверный текущий пароль.
password-same = Новый пароль совпадает со старым.
setup-title = Первый запуск
setup-intro = Создайте учётную запись администратора школы. Ссылка одноразовая и действует 30 минут.
setup-create = Создать администратора
flash-saved = Сохранено.
flash-password-changed = Пароль изменён.
flash-setup-done = Администратор создан. Добро пожаловать!
flash-user-disabled = Учётная запись отключена.
flash-user-enabled = Учётная запись включена.
home-greeting = Здравствуйте, { $name }!
home-accounts = Учётные записи
home-children = Мои дети
home-my-file = Мои сведения
home-account = Моя учётная запись
home-today = Мои уроки сегодня
home-today-none = Сегодня уроков нет.
home-room = каб.
home-substitute = замена
home-away = не ведёте
users-title = Пользователи
users-new = Новый пользователь
users-edit = Учётная запись
users-search = Поиск
users-search-hint = Фамилия, имя или логин
users-all-roles = Все роли
users-found = { $n ->
    [one] Найден { $n } пользователь
    [few] Найдено { $n } пользователя
   *[other] Найдено { $n } пользователей
}
users-none = Никого не нашлось.
users-last-sign-in = Последний вход
users-never = ни разу
users-sign-in-count = { $n ->
    [one] { $n } вход
    [few] { $n } входа
   *[other] { $n } входов
}
users-disabled = отключена
users-access = Доступ
users-must-change = При следующем входе нужно сменить пароль.
users-reset-password = Выдать новый пароль
users-disable = Отключить
users-enable = Включить
users-created = Учётная запись создана
users-password-reset = Выдан новый пароль
users-one-time-password = Одноразовый пароль
users-one-time-hint = Пароль показан один раз. Передайте его владельцу учётной записи: при первом входе система попросит задать свой пароль.
users-back-to-account = Вернуться к учётной записи
users-cannot-disable-self = Нельзя отключить собственную учётную запись.
users-keep-own-admin = Нельзя снять с себя роль администратора.
pager = Страницы
pager-prev = Назад
pager-next = Дальше
pager-page = Страница { $n }
log-empty = Записей пока нет.
log-when = Когда
log-who = Кто
signins-title = Журнал входов
signins-outcome = Результат
signins-address = Адрес
signins-success = вход выполнен
signins-bad-credentials = неверный логин или пароль
signins-disabled = учётная запись отключена
signins-rate-limited = пауза после неудачных попыток
audit-title = Журнал аудита
audit-action = Действие
audit-object = Объект
audit-outcome = Итог
audit-allowed = выполнено
audit-denied = отказано
school-title = Карточка школы
school-full-name = Полное наименование
school-short-name = Краткое наименование
school-address = Адрес
school-director = Директор
school-website = Сайт
school-time-zone = Часовой пояс
school-time-zone-invalid = Укажите часовой пояс, например Europe/Moscow.
school-logo = Эмблема
school-logo-none = Эмблема не загружена.
school-logo-choose = Файл эмблемы
school-logo-hint = PNG, JPEG или WebP, не больше 2 МБ.
school-rounding = Округление среднего балла до итоговой отметки
school-rounding-half = от x,5 — вверх (обычное)
school-rounding-strict = от x,6 — вверх (строгое)
school-rounding-hint = По этому правилу журнал предлагает итоговую отметку и считает, сколько пятёрок нужно до следующей.
school-logo-remove = Удалить эмблему
school-logo-format = Эмблема должна быть картинкой PNG, JPEG или WebP.
school-logo-missing = Выберите файл эмблемы.
error-not-found = Страница не найдена
error-sign-in-required = Нужно войти в систему
error-forbidden = Нет доступа
error-csrf = Форма устарела
error-bad-request = Запрос не понят
error-too-large = Слишком большой файл или запрос
error-internal = Что-то пошло не так
error-go-home = На главную
error-hint-400 = Проверьте введённые данные и попробуйте ещё раз.
error-hint-401 = Войдите, чтобы продолжить.
error-hint-403 = У вашей учётной записи нет прав на это действие. Если это ошибка, обратитесь к администратору. Форма, открытая слишком давно, тоже может устареть: обновите страницу.
error-hint-404 = Возможно, адрес набран с ошибкой или страница удалена.
error-hint-413 = Уменьшите размер файла или текста и отправьте снова.
error-hint-422 = Проверьте введённые данные и попробуйте ещё раз.
error-hint-500 = Ошибка записана в журнал сервера. Ваши данные не изменены; попробуйте ещё раз чуть позже.
